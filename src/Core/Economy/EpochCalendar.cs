namespace XpFlywheel.Core.Economy;

/// <summary>
/// Consecutive epochs of equal length from <see cref="GenesisStart"/>: epoch n covers
/// [start + (n − 1) × length, start + n × length), so every instant belongs to exactly one epoch.
/// </summary>
public sealed record EpochCalendar(DateTimeOffset GenesisStart, TimeSpan Length)
{
    /// <summary>The first instant of epoch <paramref name="epoch"/> (numbered from 1).</summary>
    public DateTimeOffset StartOf(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Length, TimeSpan.Zero);
        return GenesisStart + Length * (epoch - 1);
    }

    /// <summary>The instant epoch <paramref name="epoch"/> ends and the next begins (it belongs to the next).</summary>
    public DateTimeOffset EndOf(int epoch) => StartOf(epoch) + Length;

    /// <summary>The epoch containing <paramref name="at"/>; 0 before genesis.</summary>
    public int EpochAt(DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Length, TimeSpan.Zero);
        return at < GenesisStart ? 0 : checked((int)((at - GenesisStart).Ticks / Length.Ticks) + 1);
    }

    /// <summary>Whether <paramref name="at"/> falls inside epoch <paramref name="epoch"/>.</summary>
    public bool Contains(int epoch, DateTimeOffset at) => StartOf(epoch) <= at && at < EndOf(epoch);
}
