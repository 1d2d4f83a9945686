using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Candles, the 24h ticker, recent trades and depth for every page and the hub. Keeps one
/// <see cref="MarketDataBook"/>, rebuilt from the Trades table at start (<see cref="MarketDataLoader"/>) and then fed
/// by <see cref="TradesExecuted"/>. The book is single-writer, so every call goes through one lock; readers get copies.
/// </summary>
public sealed class MarketDataService : IDisposable
{
    private readonly MarketDataBook _book = new();
    private readonly Lock _gate = new();
    private readonly ExchangeFeed _feed;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _handlersGate = new();
    private volatile Action<MarketDataChanged>[] _handlers = [];
    // Trades published while the history is still loading; applied after it (the book skips ids it already has).
    private List<TradePrint>? _early = [];
    private DepthCache _depth = new(BookSnapshot.Empty, DepthSnapshot.Empty);

    public MarketDataService(ExchangeFeed feed, TimeProvider clock)
    {
        _feed = feed;
        _clock = clock;
        // Subscribed before the history loads, so no trade between the load and the first live event is lost.
        _subscription = feed.Subscribe(OnExchangeEvent);
    }

    /// <summary>Completes once the history is loaded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The latest committed book (best first, top <see cref="BookSnapshot.Depth"/> levels per side).</summary>
    public BookSnapshot Book => _feed.Book;

    public int SubscriberCount => _handlers.Length;

    /// <summary>Replaces everything with <paramref name="history"/> (oldest first), then applies trades that arrived meanwhile.</summary>
    public void Rebuild(IEnumerable<TradePrint> history)
    {
        lock (_gate)
        {
            _book.Rebuild(history);
            foreach (var trade in _early ?? [])
                _book.Apply(trade);
            _early = null;
        }
        _ready.TrySetResult();
        Raise(new MarketDataChanged([], _feed.Book));
    }

    public Ticker Ticker()
    {
        var book = _feed.Book;
        lock (_gate)
            return _book.Ticker(_clock.GetUtcNow(), book.BestBid, book.BestAsk);
    }

    /// <summary>Up to <paramref name="limit"/> candles, oldest first.</summary>
    public IReadOnlyList<Candle> Candles(CandleInterval interval, int limit = MarketDataBook.DefaultCandleCapacity)
    {
        lock (_gate)
            return _book.Candles(interval, limit);
    }

    /// <summary>Up to <paramref name="limit"/> trades, newest first.</summary>
    public IReadOnlyList<TradePrint> RecentTrades(int limit)
    {
        lock (_gate)
            return _book.RecentTrades(limit);
    }

    /// <summary>The current book with cumulative sizes, spread and mid; computed once per book.</summary>
    public DepthSnapshot Depth() => Depth(_feed.Book);

    /// <summary>
    /// <paramref name="book"/> with cumulative sizes, spread and mid. Pass the book whose sequence is reported with it:
    /// reading <see cref="Book"/> twice may pair one book's sequence with the next one's levels.
    /// </summary>
    public DepthSnapshot Depth(BookSnapshot book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var cached = _depth;
        if (ReferenceEquals(cached.Book, book))
            return cached.Depth;
        var depth = DepthSnapshot.From([.. book.Bids], [.. book.Asks]);
        _depth = new DepthCache(book, depth);
        return depth;
    }

    public IDisposable Subscribe(Action<MarketDataChanged> handler)
    {
        lock (_handlersGate)
            _handlers = [.. _handlers, handler];
        return new Subscription(() =>
        {
            lock (_handlersGate)
                _handlers = Array.FindAll(_handlers, h => h != handler);
        });
    }

    public void Dispose() => _subscription.Dispose();

    private void OnExchangeEvent(ExchangeEvent exchangeEvent)
    {
        switch (exchangeEvent)
        {
            case TradesExecuted executed:
                var prints = new TradePrint[executed.Fills.Count];
                for (var i = 0; i < prints.Length; i++)
                    prints[i] = TradePrint.From(executed.Fills[i], executed.At);
                lock (_gate)
                {
                    if (_early is not null)
                        _early.AddRange(prints);
                    else
                        foreach (var print in prints)
                            _book.Apply(print);
                }
                Raise(new MarketDataChanged(prints, null));
                break;
            case BookChanged changed:
                Raise(new MarketDataChanged([], changed.Book));
                break;
        }
    }

    private void Raise(MarketDataChanged change)
    {
        foreach (var handler in _handlers)
            handler(change);
    }

    // One reference, swapped whole, so a reader never pairs one book with another's levels.
    private sealed record DepthCache(BookSnapshot Book, DepthSnapshot Depth);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                unsubscribe();
        }
    }
}
