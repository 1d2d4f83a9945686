using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Economy;

/// <summary>Lock parameters as stored under <see cref="Key"/> in the settings store. Defaults to a 7-day wait.</summary>
public sealed record LockSettings(TimeSpan WaitingPeriod)
{
    public const string Key = "locks";

    public static LockSettings Default { get; } = new(LockPolicy.Default.WaitingPeriod);

    public LockPolicy ToPolicy() => new(WaitingPeriod);
}
