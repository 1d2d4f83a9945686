using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// One-minute buckets covering the last day of trading, for the 24-hour ticker. Memory is bounded by the number of
/// minutes in a day, not by the number of trades, and a ticker reads at most that many buckets.
/// </summary>
internal sealed class RollingWindow
{
    /// <summary>The ticker window, in one-minute buckets, including the current minute.</summary>
    public const int WindowMinutes = 24 * 60;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // One bucket more than the window: a ticker asked for at the minute of the latest trade still finds the bucket
    // just before its window, which holds the reference price.
    private readonly RingBuffer<Candle> _buckets = new(WindowMinutes + 1);

    // Close of the newest bucket dropped from the buffer: the reference price once the retained buckets all fall
    // inside the window, and the last price after a long quiet spell.
    private Price? _closeBeforeRetained;

    /// <summary>Adds a trade stamped <paramref name="time"/>, which is never earlier than the previous one.</summary>
    public void Add(TradePrint trade, DateTimeOffset time)
    {
        var start = CandleInterval.OneMinute.BucketStart(time);
        if (_buckets.Count > 0 && _buckets.Newest.Start == start)
        {
            _buckets.Newest = _buckets.Newest.With(trade);
            return;
        }
        var horizon = start - WindowMinutes * Minute;
        while (_buckets.Count > 0 && _buckets.Oldest.Start < horizon)
        {
            _closeBeforeRetained = _buckets.Oldest.Close;
            _buckets.RemoveOldest();
        }
        _buckets.Add(Candle.Opened(start, trade));
    }

    public Ticker Ticker(DateTimeOffset now, Price? bestBid, Price? bestAsk)
    {
        var windowStart = CandleInterval.OneMinute.BucketStart(now) - (WindowMinutes - 1) * Minute;
        var reference = _closeBeforeRetained;
        Price? firstOpen = null;
        Price? last = _buckets.Count > 0 ? _buckets.Newest.Close : _closeBeforeRetained;
        long high = long.MinValue, low = long.MaxValue;
        var volume = Xp.Zero;
        var quoteVolume = Cash.Zero;
        var trades = 0;
        for (var i = 0; i < _buckets.Count; i++)
        {
            ref var bucket = ref _buckets[i];
            if (bucket.Start < windowStart)
            {
                reference = bucket.Close;
                continue;
            }
            firstOpen ??= bucket.Open;
            high = Math.Max(high, bucket.High.Ticks);
            low = Math.Min(low, bucket.Low.Ticks);
            volume += bucket.Volume;
            quoteVolume += bucket.QuoteVolume;
            trades += bucket.Trades;
        }
        reference ??= firstOpen;
        decimal? change = null, percent = null;
        if (last is { } l && reference is { } r)
        {
            change = l.Dollars - r.Dollars;
            percent = r.Ticks == 0 ? null : Math.Round((l.Ticks - r.Ticks) * 100m / r.Ticks, 4, MidpointRounding.AwayFromZero);
        }
        return new Ticker(
            last,
            reference,
            change,
            percent,
            trades > 0 ? new Price(high) : null,
            trades > 0 ? new Price(low) : null,
            volume,
            quoteVolume,
            bestBid,
            bestAsk,
            trades,
            now);
    }

    public void Clear()
    {
        _buckets.Clear();
        _closeBeforeRetained = null;
    }
}
