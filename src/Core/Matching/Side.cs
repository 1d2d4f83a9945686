namespace XpFlywheel.Core.Matching;

/// <summary>Buy XP with cash, or sell XP for cash.</summary>
public enum Side : byte
{
    Buy,
    Sell,
}
