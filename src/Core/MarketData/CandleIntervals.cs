namespace XpFlywheel.Core.MarketData;

/// <summary>Codes ("1m", "5m", "1h", "1d"), durations and UTC bucket alignment of <see cref="CandleInterval"/>.</summary>
public static class CandleIntervals
{
    /// <summary>Every interval, shortest first.</summary>
    public static IReadOnlyList<CandleInterval> All { get; } =
        [CandleInterval.OneMinute, CandleInterval.FiveMinutes, CandleInterval.OneHour, CandleInterval.OneDay];

    /// <summary>The length of one candle.</summary>
    public static TimeSpan Duration(this CandleInterval interval) => interval switch
    {
        CandleInterval.OneMinute => TimeSpan.FromMinutes(1),
        CandleInterval.FiveMinutes => TimeSpan.FromMinutes(5),
        CandleInterval.OneHour => TimeSpan.FromHours(1),
        CandleInterval.OneDay => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown candle interval."),
    };

    /// <summary>The code used in URLs and API parameters: "1m", "5m", "1h" or "1d".</summary>
    public static string Code(this CandleInterval interval) => interval switch
    {
        CandleInterval.OneMinute => "1m",
        CandleInterval.FiveMinutes => "5m",
        CandleInterval.OneHour => "1h",
        CandleInterval.OneDay => "1d",
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown candle interval."),
    };

    /// <summary>
    /// Parses a code exactly as <see cref="Code"/> writes it. Anything else, including other casing ("1M" means a
    /// month elsewhere), surrounding spaces or null, returns false.
    /// </summary>
    public static bool TryParse(string? code, out CandleInterval interval)
    {
        switch (code)
        {
            case "1m": interval = CandleInterval.OneMinute; return true;
            case "5m": interval = CandleInterval.FiveMinutes; return true;
            case "1h": interval = CandleInterval.OneHour; return true;
            case "1d": interval = CandleInterval.OneDay; return true;
            default: interval = default; return false;
        }
    }

    /// <summary>
    /// The start of the bucket holding <paramref name="time"/>, in UTC (offset zero). Buckets align to UTC boundaries
    /// whatever the offset of <paramref name="time"/>: a day starts at 00:00Z, an hour at :00, five minutes at :00, :05….
    /// </summary>
    public static DateTimeOffset BucketStart(this CandleInterval interval, DateTimeOffset time)
    {
        // Tick zero (0001-01-01T00:00Z) is a UTC midnight, so flooring ticks aligns to every interval above.
        var size = interval.Duration().Ticks;
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % size, TimeSpan.Zero);
    }
}
