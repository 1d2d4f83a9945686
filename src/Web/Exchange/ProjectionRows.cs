using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The result rows of one batch (orders, trades, client order ids, postings, balances, the engine's counters),
/// recorded on the writer as it applies commands and written later, in order, by <see cref="WriteTo"/>: in the batch's
/// own transaction when the batch also changes economy rows, otherwise by the projection behind the journal
/// (<see cref="TradingProjection"/>). Every value is captured when recorded, so writing it later writes what the
/// batch produced, not the writer's state at that later moment.
/// </summary>
internal sealed class ProjectionRows
{
    private readonly List<OrderRow> _orders = [];
    private readonly List<(Fill Fill, long Sequence)> _trades = [];
    private readonly List<ClientOrderRow> _clientOrders = [];
    private readonly List<(long OperatorId, string ClientOrderId)> _forgottenClientOrders = [];
    private readonly List<Posting> _postings = [];
    private readonly List<WalletRow> _wallets = [];
    private readonly List<(AccountId Account, long Balance)> _systemAccounts = [];
    private MarketStateRecord? _marketState;

    /// <summary>The batch's time: every row carries it.</summary>
    public required DateTime At { get; init; }

    /// <summary>The journal sequence of the batch's last command: the projection's checkpoint once these rows are written.</summary>
    public long LastSequence { get; set; }

    public void InsertOrder(in PlaceOrder command, long orderId, OrderStatus status, long remaining, long filled, long held, long sequence, string? cancelReason) =>
        _orders.Add(new OrderRow(true, orderId, command, status, remaining, filled, held, 0, sequence, cancelReason));

    /// <summary>See <see cref="ExchangeJournal.UpdateOrder"/>.</summary>
    public void UpdateOrder(long orderId, long filledDelta, long remaining, long held, long priceTicks, long sequence, OrderStatus status, string? cancelReason) =>
        _orders.Add(new OrderRow(false, orderId, default, status, remaining, filledDelta, held, priceTicks, sequence, cancelReason));

    public void InsertTrade(in Fill fill, long sequence) => _trades.Add((fill, sequence));

    /// <summary>A client order id's first outcome (replacing a row past its retention).</summary>
    public void UpsertClientOrder(in PlaceOrder command, bool accepted, RejectReason reason, long orderId) =>
        _clientOrders.Add(new ClientOrderRow(command, accepted, reason, orderId));

    public void ForgetClientOrders(IEnumerable<(long OperatorId, string ClientOrderId)> keys) => _forgottenClientOrders.AddRange(keys);

    /// <summary>The batch's postings, and the final balance of every account they touched.</summary>
    public void Ledger(List<Posting> postings, IEnumerable<long> operators, IEnumerable<AccountId> systemAccounts, AccountLedger ledger)
    {
        _postings.AddRange(postings);
        foreach (var operatorId in operators)
        {
            _wallets.Add(new WalletRow(operatorId,
                ledger.Balance(AccountId.CashAvailable(operatorId)), ledger.Balance(AccountId.CashHeld(operatorId)),
                ledger.Balance(AccountId.XpAvailable(operatorId)), ledger.Balance(AccountId.XpHeld(operatorId)),
                ledger.Balance(AccountId.XpLocked(operatorId)), ledger.Balance(AccountId.XpUnlocking(operatorId))));
        }
        foreach (var account in systemAccounts)
            _systemAccounts.Add((account, ledger.Balance(account)));
    }

    /// <summary>The engine's counters after the batch.</summary>
    public void MarketState(ExchangeState state)
    {
        var engine = state.Engine.State;
        _marketState = new MarketStateRecord
        {
            LastPriceTicks = engine.LastTradePrice.Ticks, NextOrderId = engine.NextOrderId, NextTradeId = engine.NextTradeId,
            NextSequence = engine.NextSequence, NextPostingSequence = state.Ledger.NextPostingSequence, Halted = engine.Halted,
        };
    }

    /// <summary>Writes the rows in the order they were recorded (an order's insert before its updates), then the checkpoint.</summary>
    public void WriteTo(ExchangeJournal journal)
    {
        foreach (var row in _clientOrders)
            journal.UpsertClientOrder(row.Command, row.Accepted, row.Reason, row.OrderId, At);
        foreach (var row in _orders)
        {
            if (row.Insert)
                journal.InsertOrder(row.Command, row.OrderId, row.Status, row.Remaining, row.Filled, row.Held, row.Sequence, row.CancelReason, At);
            else
                journal.UpdateOrder(row.OrderId, row.Filled, row.Remaining, row.Held, row.PriceTicks, row.Sequence, row.Status, row.CancelReason, At);
        }
        foreach (var (fill, sequence) in _trades)
            journal.InsertTrade(fill, At, sequence);
        journal.WritePostings(_postings, At);
        foreach (var wallet in _wallets)
            journal.WriteWallet(wallet.OperatorId, wallet.CashAvailable, wallet.CashHeld, wallet.XpAvailable, wallet.XpHeld, wallet.XpLocked, wallet.XpUnlocking);
        foreach (var (account, balance) in _systemAccounts)
            journal.WriteSystemAccount(account, balance);
        journal.DeleteClientOrders(_forgottenClientOrders);
        if (_marketState is { } state)
            journal.WriteMarketState(state, LastSequence);
    }

    private readonly record struct OrderRow(bool Insert, long OrderId, PlaceOrder Command, OrderStatus Status, long Remaining, long Filled,
        long Held, long PriceTicks, long Sequence, string? CancelReason);

    private readonly record struct ClientOrderRow(PlaceOrder Command, bool Accepted, RejectReason Reason, long OrderId);

    private readonly record struct WalletRow(long OperatorId, long CashAvailable, long CashHeld, long XpAvailable, long XpHeld, long XpLocked, long XpUnlocking);
}
