namespace XpFlywheel.Core.Matching;

/// <summary>How long an order lives.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: the unfilled remainder of a limit order rests on the book.</summary>
    Gtc,
    /// <summary>Immediate or cancel: fills what it can now, the remainder is cancelled.</summary>
    Ioc,
    /// <summary>Fill or kill: fills completely now or is rejected without any trade.</summary>
    Fok,
}
