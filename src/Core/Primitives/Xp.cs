namespace XpFlywheel.Core.Primitives;

/// <summary>XP is a whole number of units: the lot size is 1 XP and nothing is ever fractional.</summary>
public readonly record struct Xp(long Units) : IComparable<Xp>
{
    public static Xp Zero => default;

    public static Xp operator +(Xp a, Xp b) => new(checked(a.Units + b.Units));
    public static Xp operator -(Xp a, Xp b) => new(checked(a.Units - b.Units));
    public static Xp operator -(Xp a) => new(checked(-a.Units));
    public static bool operator <(Xp a, Xp b) => a.Units < b.Units;
    public static bool operator >(Xp a, Xp b) => a.Units > b.Units;
    public static bool operator <=(Xp a, Xp b) => a.Units <= b.Units;
    public static bool operator >=(Xp a, Xp b) => a.Units >= b.Units;

    public int CompareTo(Xp other) => Units.CompareTo(other.Units);

    public override string ToString() => Units.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture) + " XP";
}
