namespace XpFlywheel.Bench;

public enum BenchCommandKind : byte
{
    Place,
    Cancel,
}
