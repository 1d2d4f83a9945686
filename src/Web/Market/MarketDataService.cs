using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Candles, the 24h ticker, recent trades and depth for every page and the hub. Keeps one
/// <see cref="MarketDataBook"/>, rebuilt from the Trades table at start (<see cref="MarketDataLoader"/>) and then fed
/// by <see cref="BookChanged"/>, which carries each batch's book with its trade prints: both are applied in one step
/// under one lock, so every reader sees the book, the trades and the ticker of the same journal sequence. The book is
/// single-writer, so every call goes through that lock; readers get copies.
/// </summary>
public sealed class MarketDataService : IDisposable
{
    private readonly MarketDataBook _data = new();
    private readonly Lock _gate = new();
    private readonly ExchangeFeed _feed;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _handlersGate = new();
    private volatile Action<MarketDataChanged>[] _handlers = [];
    // Trades published while the history is still loading; applied after it (the book skips ids it already has).
    private List<TradePrint>? _early = [];
    // How many replica reloads (ReplicaReloaded) this node has seen: each holds the live trades again until a rebuild
    // read after it (Rebuild's holdsSeen) replaces the history.
    private int _holds;
    // Which trades subscribers (the hub) have been given, so a replica that jumps gives them each trade once: outside a
    // reload every trade up to _raisedThrough was raised (or predates this node's start); during one, those after
    // _reloadFrom that were raised are in _raisedInReload, and the rest come with the next history read.
    private long _raisedThrough;
    private long? _reloadFrom;
    private HashSet<long>? _raisedInReload;

    /// <summary>
    /// At most this many trades passed over by a replica reload are raised late (newest kept); older ones are in the
    /// Trades table, which REST's trade history pages.
    /// </summary>
    public const int LateTradeLimit = MarketDataBook.DefaultTradeCapacity;
    // The book as of the trades applied: replaced together with them, never ahead of them.
    private volatile BookSnapshot? _current;
    private DepthCache _depth = new(BookSnapshot.Empty, DepthSnapshot.Empty);
    // The last view handed out: every circuit asking for the same sequence and trade count shares this one immutable
    // snapshot instead of copying the trades for itself. Dropped whenever trades or the book change.
    private (MarketView View, int Trades)? _view;

    public MarketDataService(ExchangeFeed feed, TimeProvider clock)
    {
        _feed = feed;
        _clock = clock;
        // Subscribed before the history loads, so no trade between the load and the first live event is lost.
        _subscription = feed.Subscribe(OnExchangeEvent);
        lock (_gate)
            _current ??= feed.Book;
    }

    /// <summary>Completes once the history is loaded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// The latest committed book (best first, top <see cref="BookSnapshot.Depth"/> levels per side), as of the trades
    /// this service has applied.
    /// </summary>
    public BookSnapshot Book => _current ?? _feed.Book;

    public int SubscriberCount => _handlers.Length;

    /// <summary>
    /// How many replica reloads have held the live trades so far: read before the history, and given to
    /// <see cref="Rebuild"/>, it tells whether another reload came while the history was read.
    /// </summary>
    public int Holds
    {
        get
        {
            lock (_gate)
                return _holds;
        }
    }

    /// <summary>
    /// Replaces everything with <paramref name="history"/> (oldest first), then applies trades that arrived meanwhile
    /// (those the history holds are skipped by id). <paramref name="holdsSeen"/> is <see cref="Holds"/> as read before
    /// the history: after a later reload, live trades stay held for the rebuild that reload asked for. After a replica
    /// reload, the trades of <paramref name="history"/> that subscribers were never given (the replica passed over
    /// their commands) are raised with this rebuild, in id order, at most <see cref="LateTradeLimit"/> of them.
    /// </summary>
    public void Rebuild(IEnumerable<TradePrint> history, int holdsSeen = 0)
    {
        MarketDataChanged change;
        lock (_gate)
        {
            var trades = history as IReadOnlyList<TradePrint> ?? [.. history];
            _data.Rebuild(trades);
            foreach (var trade in _early ?? [])
                _data.Apply(trade);
            var held = _holds != holdsSeen;
            if (!held)
                _early = null;
            _view = null;
            IReadOnlyList<TradePrint> late = [];
            if (_reloadFrom is { } from && _raisedInReload is { } raised)
            {
                late = [.. trades.Where(t => t.TradeId > from && !raised.Contains(t.TradeId)).OrderBy(t => t.TradeId).TakeLast(LateTradeLimit)];
                foreach (var trade in late)
                    raised.Add(trade.TradeId);
                if (!held)
                {
                    _raisedThrough = Math.Max(from, raised.Count > 0 ? raised.Max() : from);
                    (_reloadFrom, _raisedInReload) = (null, null);
                }
            }
            else if (trades.Count > 0)
                _raisedThrough = Math.Max(_raisedThrough, trades[^1].TradeId);
            var minute = late.Count > 0 && _data.Candles(CandleInterval.OneMinute, 1) is [var candle] ? candle : (Candle?)null;
            change = new MarketDataChanged(Book, BookChanged: false, late, TickerOf(Book), minute);
        }
        _ready.TrySetResult();
        Raise(change);
    }

    public Ticker Ticker()
    {
        lock (_gate)
            return TickerOf(Book);
    }

    /// <summary>
    /// The book, its depth, the ticker and the latest <paramref name="trades"/> trades, all as of one sequence. One
    /// immutable view per sequence is shared by every caller: circuits hold references, not copies.
    /// </summary>
    public MarketView View(int trades = 0)
    {
        lock (_gate)
        {
            var book = Book;
            if (_view is { } shared && shared.Trades == trades && ReferenceEquals(shared.View.Book, book))
                return shared.View;
            var view = new MarketView(book, Depth(book), TickerOf(book), trades > 0 ? _data.RecentTrades(trades) : []);
            _view = (view, trades);
            return view;
        }
    }

    /// <summary>Up to <paramref name="limit"/> candles, oldest first.</summary>
    public IReadOnlyList<Candle> Candles(CandleInterval interval, int limit = MarketDataBook.DefaultCandleCapacity)
    {
        lock (_gate)
            return _data.Candles(interval, limit);
    }

    /// <summary>Up to <paramref name="limit"/> trades, newest first.</summary>
    public IReadOnlyList<TradePrint> RecentTrades(int limit)
    {
        lock (_gate)
            return _data.RecentTrades(limit);
    }

    /// <summary>The current book with cumulative sizes, spread and mid; computed once per book.</summary>
    public DepthSnapshot Depth() => Depth(Book);

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
        if (exchangeEvent is ReplicaReloaded)
        {
            // This node's replica passed over trades it never published (or will publish some again): the history
            // is read again from the Trades table (MarketDataLoader), and live trades wait for it meanwhile.
            lock (_gate)
            {
                _early ??= [];
                _holds++;
                // Before the history was first read nothing was raised from it, and the first read raises none of it.
                if (_ready.Task.IsCompleted)
                {
                    _reloadFrom ??= _raisedThrough;
                    _raisedInReload ??= [];
                }
            }
            return;
        }
        if (exchangeEvent is not BookChanged changed)
            return;
        MarketDataChanged change;
        lock (_gate)
        {
            if (_early is not null)
                _early.AddRange(changed.Trades);
            else
                foreach (var print in changed.Trades)
                    _data.Apply(print);
            _current = changed.Book;
            _view = null;
            var fresh = Unraised(changed.Trades);
            var minute = fresh.Count > 0 && _early is null && _data.Candles(CandleInterval.OneMinute, 1) is [var candle] ? candle : (Candle?)null;
            change = new MarketDataChanged(changed.Book, BookChanged: true, fresh, TickerOf(changed.Book), minute);
        }
        Raise(change);
    }

    // The trades of a live batch subscribers have not been given yet, marked as given: a replica that went back to an
    // earlier checkpoint applies commands again, and their trades are not raised twice.
    private IReadOnlyList<TradePrint> Unraised(IReadOnlyList<TradePrint> trades)
    {
        if (trades.Count == 0)
            return trades;
        if (_reloadFrom is { } from && _raisedInReload is { } raised)
            return [.. trades.Where(t => t.TradeId > from && raised.Add(t.TradeId))];
        if (trades[0].TradeId > _raisedThrough)
        {
            _raisedThrough = trades[^1].TradeId;
            return trades;
        }
        var fresh = trades.Where(t => t.TradeId > _raisedThrough).ToList();
        if (fresh.Count > 0)
            _raisedThrough = fresh[^1].TradeId;
        return fresh;
    }

    private Ticker TickerOf(BookSnapshot book) => _data.Ticker(_clock.GetUtcNow(), book.BestBid, book.BestAsk);

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
