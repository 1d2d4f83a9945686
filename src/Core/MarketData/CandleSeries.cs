namespace XpFlywheel.Core.MarketData;

/// <summary>The newest candles of one interval, at most <c>capacity</c> of them; older ones are dropped.</summary>
internal sealed class CandleSeries(CandleInterval interval, int capacity)
{
    private readonly RingBuffer<Candle> _candles = new(capacity);

    public CandleInterval Interval { get; } = interval;

    /// <summary>Adds a trade stamped <paramref name="time"/>, which is never earlier than the previous one.</summary>
    public void Add(TradePrint trade, DateTimeOffset time)
    {
        var start = Interval.BucketStart(time);
        if (_candles.Count > 0 && _candles.Newest.Start == start)
            _candles.Newest = _candles.Newest.With(trade);
        else
            _candles.Add(Candle.Opened(start, trade));
    }

    /// <summary>Up to <paramref name="limit"/> of the newest candles, oldest first.</summary>
    public Candle[] Newest(int limit)
    {
        var count = Math.Clamp(limit, 0, _candles.Count);
        var result = new Candle[count];
        var skip = _candles.Count - count;
        for (var i = 0; i < count; i++)
            result[i] = _candles[skip + i];
        return result;
    }

    public void Clear() => _candles.Clear();
}
