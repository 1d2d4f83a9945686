using XpFlywheel.Core.MarketData;
using XpFlywheel.Core.Matching;

namespace XpFlywheel.Web.Exchange;

/// <summary>What the exchange publishes after a batch is durable. Subscribers never see uncommitted state.</summary>
public abstract record ExchangeEvent;

/// <summary>Trades of one batch, in execution order, with the time they were made.</summary>
public sealed record TradesExecuted(IReadOnlyList<Fill> Fills, DateTimeOffset At) : ExchangeEvent;

/// <summary>
/// The book after every batch, numbered with the batch's last journal sequence, with the public prints of the trades
/// the batch executed (execution order; empty when none), so market data moves the book, the tape and the ticker as
/// one step. Published before the same trades' <see cref="TradesExecuted"/>. <see cref="Moved"/> is false when the
/// batch left the book as it was (a job, a burn, a deposit): only its number moved, and whoever reloads something
/// when the market moves can skip it.
/// </summary>
public sealed record BookChanged(BookSnapshot Book, IReadOnlyList<TradePrint> Trades, bool Moved = true) : ExchangeEvent
{
    /// <summary>A book change without trades.</summary>
    public BookChanged(BookSnapshot book) : this(book, []) { }
}

/// <summary>Balances of these operators changed (orders, trades, jobs, burns, locks, credits).</summary>
public sealed record BalancesChanged(IReadOnlyCollection<long> OperatorIds) : ExchangeEvent;

/// <summary>Orders of these operators changed state (placed, filled, cancelled, amended).</summary>
public sealed record OrdersChanged(IReadOnlyCollection<long> OperatorIds) : ExchangeEvent;

/// <summary>The market was halted or resumed.</summary>
public sealed record MarketStateChanged(bool Halted) : ExchangeEvent;

/// <summary>
/// What a batch did to each operator's orders and wallets, for their private streams: every order change in journal
/// order (each with its command's sequence) and the wallets the batch touched as it left them. Read on the writer after
/// the commit, so it is never older or newer than what is durable. <see cref="Sequence"/> is the batch's last journal
/// sequence, which the balances are as of.
/// </summary>
public sealed record AccountActivity(long Sequence, DateTimeOffset At, IReadOnlyList<OrderChange> Orders, IReadOnlyList<WalletBalances> Balances) : ExchangeEvent;

/// <summary>
/// A follower's replica was rebuilt from the tables at journal sequence <see cref="Sequence"/> from <see cref="From"/>
/// other than by one step: the per-command events of the commands it passed over were never published on this node, or
/// those it went back over are published again as it re-applies them. Whoever keeps a running state from those events
/// (the private user streams) starts again from a snapshot. Published after the reload's book and balances.
/// </summary>
public sealed record ReplicaReloaded(long From, long Sequence) : ExchangeEvent;
