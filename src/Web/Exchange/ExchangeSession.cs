using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// What a unit of work sees on the engine's single writer: the ledger, the book, the batch's open transaction
/// (raw journal and an EF Core context on the same connection), the batch's clock, and events to publish once the
/// batch is durable. Nothing here is thread-safe; nothing needs to be.
/// </summary>
public sealed class ExchangeSession
{
    private readonly ExchangeState _state;
    private readonly Func<AppDbContext> _db;
    private readonly ExchangeJournal _journal;
    private readonly List<ExchangeEvent> _events;

    internal ExchangeSession(ExchangeState state, ExchangeJournal journal, Func<AppDbContext> db, DateTime now, List<ExchangeEvent> events)
    {
        Rows = new ProjectionRows { At = now };
        _state = state;
        _journal = journal;
        _db = db;
        Now = now;
        _events = events;
    }

    public AccountLedger Ledger => _state.Ledger;
    public MatchingEngine Engine => _state.Engine;

    /// <summary>See <see cref="ExchangeState.OrderUpdatedAt"/>.</summary>
    internal Dictionary<long, DateTime> OrderUpdatedAt => _state.OrderUpdatedAt;

    /// <summary>
    /// The parameters in force on the writer, with this batch's own changes: read these inside a unit of work, not
    /// <see cref="ParameterBoard.Current"/>, which shows only what is committed. Change them through <see cref="ParameterChanges"/>.
    /// </summary>
    public ParameterSet Parameters => _state.Parameters;

    internal ParameterDefaults ParameterDefaults => _state.ParameterDefaults;

    /// <summary>Whether a unit of work in this batch changed <see cref="Parameters"/>: the host publishes them after commit.</summary>
    internal bool ParametersChanged { get; private set; }

    /// <summary>Makes <paramref name="next"/> the writer's set, one version on; returns it as stored.</summary>
    internal ParameterSet ReplaceParameters(ParameterSet next)
    {
        _state.Parameters = next with { Version = _state.Parameters.Version + 1 };
        ParametersChanged = true;
        return _state.Parameters;
    }

    /// <summary>The batch's clock (UTC); every row written in the batch carries it.</summary>
    public DateTime Now { get; }

    /// <summary>An EF Core context enlisted in the batch's transaction, for economy rows (jobs, burns, locks, epochs).</summary>
    public AppDbContext Db => _db();

    internal ExchangeJournal Journal => _journal;

    /// <summary>The batch's result rows (orders, trades, postings, balances), written with it or behind it.</summary>
    internal ProjectionRows Rows { get; }

    internal HashSet<long> TouchedOperators { get; } = [];

    /// <summary>Operators whose escrow (OTC offers, failed jobs) a unit of this batch may have moved: read again at its end.</summary>
    internal HashSet<long> EscrowOperators { get; } = [];

    /// <summary>What the exchange holds in escrow per operator, as of the last batch (this one's changes not yet read).</summary>
    internal EscrowHolds Escrow => _state.Escrow;

    /// <summary><paramref name="operatorId"/>'s wallet now: the ledger's balances and what they have in escrow.</summary>
    public WalletBalances Wallet(long operatorId) => WalletBalances.Of(_state.Ledger, operatorId, _state.Escrow.Of(operatorId));
    internal HashSet<AccountId> TouchedSystemAccounts { get; } = [];
    internal List<Posting> Postings { get; } = [];
    internal HashSet<long> OperatorsWithOrderChanges { get; } = [];
    internal List<Fill> Fills { get; } = [];

    /// <summary>Each order each command of the batch changed, in journal order: its owner's stream reports them.</summary>
    internal List<OrderChange> OrderChanges { get; } = [];

    /// <summary>The public prints of <see cref="Fills"/>, each numbered with the command that executed it.</summary>
    internal List<TradePrint> Prints { get; } = [];

    /// <summary>
    /// Journal sequence of the command being applied (set by <see cref="CommandHandlers.Apply"/>); for a read or test
    /// set-up, the last one journaled before it. Trades carry it, so followers can place them against the book's sequence.
    /// </summary>
    internal long Sequence { get; set; }
    internal bool BookTouched { get; set; }

    /// <summary>Publishes <paramref name="exchangeEvent"/> after the batch commits; dropped if it rolls back.</summary>
    public void PublishAfterCommit(ExchangeEvent exchangeEvent) => _events.Add(exchangeEvent);

    public OrderOutcome Place(PlaceOrder command)
    {
        var stamped = command with { Timestamp = new DateTimeOffset(Now).ToUnixTimeMilliseconds() };
        var result = Engine.Place(stamped);
        return Record(result, placed: stamped);
    }

    public OrderOutcome Cancel(long operatorId, long orderId) => Record(Engine.Cancel(orderId, operatorId), placed: null);

    public OrderOutcome CancelAll(long operatorId, CancelReason reason = CancelReason.Requested, long upToOrderId = long.MaxValue) =>
        Record(Engine.CancelAll(operatorId, reason, upToOrderId), placed: null);

    /// <summary>
    /// Amends an order. An amend to the price and open quantity the order already has is accepted and changes nothing:
    /// no order row, book change or stream event, so its update time and its time priority stay as they were.
    /// </summary>
    public OrderOutcome Amend(AmendOrder command)
    {
        var unchanged = Engine.TryGetOrder(command.OrderId, out var before) && before.OperatorId == command.OperatorId
            && (command.NewQuantity is not { } quantity || quantity == before.Remaining)
            && (command.NewPrice is not { } price || price == before.Price);
        var result = Engine.Amend(command with { Timestamp = new DateTimeOffset(Now).ToUnixTimeMilliseconds() });
        var outcome = unchanged && result.IsAccepted
            ? OrderOutcome.From(result, Engine.Parameters, Engine.ReferencePrice)
            : Record(result, placed: null, (command.NewPrice ?? before.Price).Ticks);
        return outcome.Accepted && !outcome.IsRepeat ? outcome with { Amended = AsLeft(outcome, before.Price, command.NewPrice) } : outcome;
    }

    // The amended order as this amend left it (see AmendedOrder): read from the engine right after it.
    private AmendedOrder AsLeft(OrderOutcome outcome, Price priceBefore, Price? newPrice)
    {
        CancelledOrder? own = null;
        foreach (var cancelled in outcome.Cancelled)
        {
            if (cancelled.OrderId == outcome.OrderId)
                own = cancelled;
        }
        var resting = Engine.TryGetOrder(outcome.OrderId, out var after);
        return new AmendedOrder(
            resting ? after.Price.Ticks : (newPrice ?? priceBefore).Ticks,
            resting ? after.Remaining.Units : own?.Remaining.Units ?? 0,
            resting, own?.Reason, Engine.State.NextTradeId,
            // An amend that changed something wrote the order's row at the batch's time; one that changed nothing
            // leaves the time of the order's last change.
            OrderUpdatedAt.GetValueOrDefault(outcome.OrderId, Now));
    }

    private OrderOutcome Record(CommandResult result, PlaceOrder? placed, long amendedPriceTicks = 0)
    {
        var outcome = OrderOutcome.From(result, Engine.Parameters, Engine.ReferencePrice);
        if (!outcome.IsRepeat)
            OrderWriter.Write(this, outcome, placed, amendedPriceTicks);
        return outcome;
    }
}
