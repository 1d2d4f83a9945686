using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching.Reference;

/// <summary>
/// The obviously-correct book the fast engine is checked against: sorted dictionaries of lists, LINQ, and its own
/// balances in a dictionary. Same rules, written for reading rather than speed.
/// </summary>
public sealed partial class ReferenceBook
{
    private readonly SortedDictionary<long, List<ReferenceOrder>> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, List<ReferenceOrder>> _asks = new();
    private readonly Dictionary<long, List<long>> _byOperator = [];
    private readonly Dictionary<(long, string), (PlaceOrder Command, CommandStatus Status, RejectReason Reason, long Id)> _clientIds = [];
    private readonly Dictionary<(long Operator, string Account), long> _balances = [];
    private MarketParameters _parameters = MarketParameters.Default;
    private long _lastPrice, _nextOrderId = 1, _nextTradeId = 1;
    private bool _halted;

    public long Treasury { get; private set; }

    public long Balance(long op, string account) => _balances.GetValueOrDefault((op, account));

    public void Fund(long op, long cash, long xp)
    {
        Add(op, "cash", cash);
        Add(op, "xp", xp);
    }

    public IEnumerable<ReferenceOrder> Orders => _bids.Values.Concat(_asks.Values).SelectMany(level => level);

    public ReferenceResult Halt() { _halted = true; return Ok(0); }

    public ReferenceResult Resume() { _halted = false; return Ok(0); }

    public ReferenceResult SetParameters(MarketParameters parameters) { _parameters = parameters; return Ok(0); }

    public ReferenceResult Place(PlaceOrder c)
    {
        if (c.ClientOrderId is { } id && _clientIds.TryGetValue((c.OperatorId, id), out var first))
        {
            if (!SameTerms(first.Command, c))
                return Rejected(RejectReason.DuplicateClientOrderId);
            var resting = Orders.FirstOrDefault(o => o.Id == first.Id)?.Remaining ?? 0;
            return new ReferenceResult(first.Status, first.Reason, first.Id, true, 0, resting, [], []);
        }
        var result = PlaceNew(c);
        if (c.ClientOrderId is { } clientId && result.Status == CommandStatus.Accepted)
            _clientIds[(c.OperatorId, clientId)] = (c, result.Status, result.Reason, result.OrderId);
        return result;
    }

    public ReferenceResult Cancel(long id, long op)
    {
        var order = Orders.FirstOrDefault(o => o.Id == id);
        if (order is null)
            return Rejected(RejectReason.UnknownOrder, id);
        if (order.Operator != op)
            return Rejected(RejectReason.NotOrderOwner, id);
        var cancelled = new List<CancelledOrder>();
        Remove(order, CancelReason.Requested, cancelled);
        return new ReferenceResult(CommandStatus.Accepted, RejectReason.None, id, false, 0, 0, [], cancelled);
    }

    public ReferenceResult CancelAll(long op)
    {
        var cancelled = new List<CancelledOrder>();
        foreach (var id in _byOperator.GetValueOrDefault(op, []).ToList())
            Remove(Orders.Single(o => o.Id == id), CancelReason.Requested, cancelled);
        return new ReferenceResult(CommandStatus.Accepted, RejectReason.None, 0, false, 0, 0, [], cancelled);
    }

    private static bool SameTerms(PlaceOrder a, PlaceOrder b) =>
        a with { Timestamp = 0, ClientOrderId = null, LimitPrice = a.Type == OrderType.Market ? default : a.LimitPrice }
        == b with { Timestamp = 0, ClientOrderId = null, LimitPrice = b.Type == OrderType.Market ? default : b.LimitPrice };

    private long Reference() =>
        _lastPrice > 0 ? _lastPrice : _bids.Count > 0 && _asks.Count > 0 ? (_bids.Keys.First() + _asks.Keys.First()) / 2 : 0;

    private long Width(long centre) => centre * _parameters.BandBps / 10_000;

    private bool OutsideBand(long price) => Reference() is > 0 and var centre && Math.Abs(price - centre) > Width(centre);

    private long UnitHold(long price) =>
        price * Price.MicrosPerTick + CeilFee(price * Price.MicrosPerTick, Math.Max(_parameters.MakerFeeBps, _parameters.TakerFeeBps));

    private static long CeilFee(long notional, int bps) => (long)Math.Ceiling(notional * (decimal)bps / 10_000m);

    private static bool Crosses(Side side, long limit, long resting) => side == Side.Buy ? resting <= limit : resting >= limit;

    private SortedDictionary<long, List<ReferenceOrder>> Own(Side side) => side == Side.Buy ? _bids : _asks;

    private SortedDictionary<long, List<ReferenceOrder>> Opposite(Side side) => side == Side.Buy ? _asks : _bids;

    private void Add(long op, string account, long amount)
    {
        var balance = Balance(op, account) + amount;
        if (balance < 0)
            throw new InvalidOperationException($"Reference: {op}/{account} would go negative.");
        _balances[(op, account)] = balance;
    }

    private static ReferenceResult Rejected(RejectReason reason, long id = 0) => new(CommandStatus.Rejected, reason, id, false, 0, 0, [], []);

    private static ReferenceResult Ok(long id) => new(CommandStatus.Accepted, RejectReason.None, id, false, 0, 0, [], []);
}
