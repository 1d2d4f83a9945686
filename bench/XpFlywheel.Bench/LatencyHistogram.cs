namespace XpFlywheel.Bench;

/// <summary>
/// Latencies counted in 0.1 ms buckets (negative values count as 0): small enough to merge across client processes
/// as one line of JSON, exact enough for percentiles to a tenth of a millisecond.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Count per bucket; the key is the latency in tenths of a millisecond, rounded down.</summary>
    public SortedDictionary<long, long> Buckets { get; init; } = [];

    public long Count => Buckets.Values.Sum();

    public void Add(double milliseconds)
    {
        var key = (long)Math.Floor(Math.Max(0, milliseconds) * 10);
        Buckets[key] = Buckets.GetValueOrDefault(key) + 1;
    }

    public void Add(LatencyHistogram other)
    {
        foreach (var (key, count) in other.Buckets)
            Buckets[key] = Buckets.GetValueOrDefault(key) + count;
    }

    /// <summary>The latency (ms, bucket's lower edge) at or below which a share <paramref name="p"/> of the samples fall.</summary>
    public double Percentile(double p)
    {
        var count = Count;
        if (count == 0)
            return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(p * count));
        var seen = 0L;
        foreach (var (key, n) in Buckets)
        {
            seen += n;
            if (seen >= rank)
                return key / 10.0;
        }
        return Buckets.Keys.Last() / 10.0;
    }
}
