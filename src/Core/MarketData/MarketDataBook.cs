using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// In-memory market data built from trades: candles for every <see cref="CandleInterval"/>, the recent trades and the
/// rolling 24-hour <see cref="MarketData.Ticker"/>. Memory is bounded whatever the trading volume.
/// </summary>
/// <remarks>
/// Single writer: the class has no locks, so callers serialize every call (the market task applies trades and takes
/// snapshots; readers get the copies it returns). After a restart, <see cref="Rebuild"/> it from the persisted trades.
/// Candles only exist for buckets that had trades; a chart that wants a continuous series fills gaps itself, usually
/// with the previous close and zero volume.
/// </remarks>
public sealed class MarketDataBook
{
    /// <summary>Default number of candles kept per interval.</summary>
    public const int DefaultCandleCapacity = 1_000;

    /// <summary>Default number of recent trades kept.</summary>
    public const int DefaultTradeCapacity = 500;

    private readonly CandleSeries[] _candles;
    private readonly RingBuffer<TradePrint> _trades;
    private readonly RollingWindow _window = new();
    private DateTimeOffset _lastTime;

    /// <param name="candleCapacity">Candles kept per interval; the oldest are dropped. Defaults to 1,000.</param>
    /// <param name="tradeCapacity">Recent trades kept; the oldest are dropped. Defaults to 500.</param>
    public MarketDataBook(int candleCapacity = DefaultCandleCapacity, int tradeCapacity = DefaultTradeCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candleCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tradeCapacity, 1);
        _candles = [.. CandleIntervals.All.Select(interval => new CandleSeries(interval, candleCapacity))];
        _trades = new RingBuffer<TradePrint>(tradeCapacity);
    }

    /// <summary>Id of the latest trade applied; zero before the first.</summary>
    public long LastTradeId { get; private set; }

    /// <summary>Price of the latest trade applied; null before the first.</summary>
    public Price? LastPrice => _trades.Count > 0 ? _trades.Newest.Price : null;

    /// <summary>
    /// Adds a trade. Trades come in execution order, several may share a timestamp. A trade whose id is not above
    /// <see cref="LastTradeId"/> was already applied (a replay overlapping a rebuild) and is ignored: returns false.
    /// A trade stamped earlier than the previous one (the clock stepped back) is counted at the previous trade's time,
    /// so a closed bucket never reopens.
    /// </summary>
    /// <exception cref="ArgumentException">The price or quantity is not positive.</exception>
    public bool Apply(TradePrint trade)
    {
        if (trade.Price.Ticks <= 0 || trade.Quantity.Units <= 0)
            throw new ArgumentException($"Trade {trade.TradeId} has a non-positive price or quantity.", nameof(trade));
        if (trade.TradeId <= LastTradeId)
            return false;
        var time = _trades.Count > 0 && trade.Time < _lastTime ? _lastTime : trade.Time;
        foreach (var series in _candles)
            series.Add(trade, time);
        _window.Add(trade, time);
        _trades.Add(trade);
        _lastTime = time;
        LastTradeId = trade.TradeId;
        return true;
    }

    /// <summary>
    /// Forgets everything and applies <paramref name="trades"/> in order, as after a restart. Pass enough history for
    /// what is shown: the trades since now − 24h for the ticker, and further back for longer candle series.
    /// </summary>
    public void Rebuild(IEnumerable<TradePrint> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        foreach (var series in _candles)
            series.Clear();
        _window.Clear();
        _trades.Clear();
        _lastTime = default;
        LastTradeId = 0;
        foreach (var trade in trades)
            Apply(trade);
    }

    /// <summary>Up to <paramref name="limit"/> of the newest candles of <paramref name="interval"/>, newest last.</summary>
    public IReadOnlyList<Candle> Candles(CandleInterval interval, int limit)
    {
        var index = (int)interval;
        if ((uint)index >= (uint)_candles.Length)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown candle interval.");
        return _candles[index].Newest(limit);
    }

    /// <summary>Up to <paramref name="limit"/> of the latest trades, newest first.</summary>
    public IReadOnlyList<TradePrint> RecentTrades(int limit)
    {
        var count = Math.Clamp(limit, 0, _trades.Count);
        var result = new TradePrint[count];
        for (var i = 0; i < count; i++)
            result[i] = _trades[_trades.Count - 1 - i];
        return result;
    }

    /// <summary>
    /// The 24-hour summary as of <paramref name="now"/>. The window is the 1,440 UTC minutes ending with the minute
    /// of <paramref name="now"/>, so it reaches back between 23h59m and 24h; trades stamped after
    /// <paramref name="now"/> still count, so a caller's clock a little behind the trade clock loses nothing.
    /// <paramref name="now"/> is expected at or after the latest trade's minute. Reads at most 1,441 minute buckets,
    /// whatever the history, and is correct after any quiet spell: no trades for days gives zero volume, no
    /// high or low, and the last price kept with a change of zero.
    /// </summary>
    public Ticker Ticker(DateTimeOffset now, Price? bestBid, Price? bestAsk) => _window.Ticker(now, bestBid, bestAsk);
}
