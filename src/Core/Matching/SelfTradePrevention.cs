namespace XpFlywheel.Core.Matching;

/// <summary>What happens when an order meets a resting order of the same operator; they never trade.</summary>
public enum SelfTradePrevention : byte
{
    /// <summary>The default: the resting order is cancelled and matching goes on.</summary>
    CancelResting,
    /// <summary>The incoming order's remainder is cancelled; the resting order stays.</summary>
    CancelIncoming,
    /// <summary>Both the resting order and the incoming remainder are cancelled.</summary>
    CancelBoth,
}
