namespace XpFlywheel.Core.Matching;

/// <summary>
/// <see cref="Limit"/> trades at its price or better; <see cref="Market"/> trades at any price up to the band edge and
/// never rests (its unfilled remainder is cancelled, whatever its time in force).
/// </summary>
public enum OrderType : byte
{
    Limit,
    Market,
}
