using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// The XP/USD order book and its matching rules: price-time priority, trades at the resting order's price, holds and
/// settlement through the <see cref="AccountLedger"/>, self-trade prevention, a price band around the reference
/// price, maker/taker fees, halt and resume. Deterministic and single-writer: no clock, locks or I/O inside, so the
/// same commands in the same order always give the same results.
/// </summary>
/// <remarks>
/// Every command returns the engine's one <see cref="CommandResult"/>, overwritten by the next command. Ledger
/// postings made by a command wait in <see cref="AccountLedger.PendingPostings"/> for the host to persist and clear.
/// </remarks>
public sealed partial class MatchingEngine
{
    /// <summary>The highest accepted price: 10,000,000 ticks ($1,000 per XP) keeps every notional inside a long.</summary>
    public const long MaxPriceTicks = 10_000_000;

    /// <summary>The largest accepted order quantity, in XP.</summary>
    public const long MaxQuantity = 1_000_000_000;

    private readonly AccountLedger _ledger;
    private readonly OrderPool _pool;
    private readonly BookSide _bids;
    private readonly BookSide _asks;
    private readonly LongIntMap _orderIndex;
    private readonly Dictionary<long, OperatorOrders> _byOperator = [];
    private readonly Dictionary<(long OperatorId, string ClientOrderId), ClientOrderRecord> _clientOrders = [];
    private readonly Dictionary<long, string> _clientOrderIdOf = [];
    // Client order ids in the order they were first seen, for forgetting them once their retention has passed.
    private readonly Queue<(long OperatorId, string ClientOrderId, long Timestamp)> _clientOrdersByAge = new();
    // The latest placement time seen (Unix ms): client order id expiry is judged by it, never by an earlier command's
    // time, so a host clock that steps back cannot revive an id that the forgetting has already dropped.
    private long _placementClockMs;
    private readonly CommandResult _result = new();
    private MarketParameters _parameters;
    private long _lastPrice;
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _nextSequence = 1;
    private bool _halted;

    /// <param name="ledger">Holds every balance; the engine moves holds, trades and fees through it.</param>
    /// <param name="parameters">Fees, band and self-trade mode; <see cref="MarketParameters.Default"/> when null.</param>
    /// <param name="orderCapacity">Expected resting orders: pre-sizes the pools so the hot path never grows them.</param>
    public MatchingEngine(AccountLedger ledger, MarketParameters? parameters = null, int orderCapacity = 4_096)
    {
        _ledger = ledger;
        _parameters = parameters ?? MarketParameters.Default;
        if (!_parameters.IsValid)
            throw new ArgumentException("Invalid market parameters.", nameof(parameters));
        _pool = new OrderPool(orderCapacity);
        _bids = new BookSide(_pool, isBid: true);
        _asks = new BookSide(_pool, isBid: false);
        _orderIndex = new LongIntMap(orderCapacity);
    }

    public MarketParameters Parameters => _parameters;

    public bool IsHalted => _halted;

    /// <summary>Counters and flags to persist for <see cref="RestoreState"/>.</summary>
    public EngineState State => new(new Price(_lastPrice), _nextOrderId, _nextTradeId, _nextSequence, _halted);

    /// <summary>The last trade price (or the price set by <see cref="SetReferencePrice"/>), null before either.</summary>
    public Price? LastTradePrice => _lastPrice > 0 ? new Price(_lastPrice) : null;

    /// <summary>The band's centre: the last trade price, else the mid of best bid and ask (rounded down), else null.</summary>
    public Price? ReferencePrice => ReferenceTicks() is > 0 and var ticks ? new Price(ticks) : null;

    /// <summary>Stops new orders and amends (refused with <see cref="RejectReason.MarketHalted"/>); cancels still work.</summary>
    public CommandResult Halt()
    {
        _result.Reset();
        _halted = true;
        return _result;
    }

    /// <summary>Lets orders in again after <see cref="Halt"/>.</summary>
    public CommandResult Resume()
    {
        _result.Reset();
        _halted = false;
        return _result;
    }

    /// <summary>Sets the band's centre until the next trade replaces it (e.g. an opening price before any trade).</summary>
    public CommandResult SetReferencePrice(Price price)
    {
        _result.Reset();
        if (price.Ticks <= 0 || price.Ticks > MaxPriceTicks)
            return _result.Reject(RejectReason.InvalidPrice);
        _lastPrice = price.Ticks;
        return _result;
    }

    /// <summary>
    /// Replaces fees, band and self-trade mode for the next commands. Resting buys keep the fee reserve they held when
    /// placed and never pay a fee beyond it.
    /// </summary>
    public CommandResult SetParameters(MarketParameters parameters)
    {
        _result.Reset();
        if (!parameters.IsValid)
            return _result.Reject(RejectReason.InvalidParameters);
        _parameters = parameters;
        return _result;
    }

    private long ReferenceTicks()
    {
        if (_lastPrice > 0)
            return _lastPrice;
        var bid = _bids.Best;
        var ask = _asks.Best;
        return bid >= 0 && ask >= 0 ? (_bids.Level(bid).Price + _asks.Level(ask).Price) / 2 : 0;
    }

    private long BandWidth(long centre) => _parameters.BandWidthTicks(centre);

    // Cash reserved per XP bought at this limit. Linear in quantity, so whatever a partial fill consumes, the rest
    // still covers the remaining quantity exactly.
    private long UnitHold(long limitTicks) => _parameters.BuyHoldPerXp(new Price(limitTicks));
}
