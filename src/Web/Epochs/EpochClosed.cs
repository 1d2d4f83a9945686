using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>An epoch closed and its credits are durable: every browser hears the pool and how many agents were paid.</summary>
/// <param name="PaidByOperator">
/// XP credited to each operator (summed over its agents), so a page can show "your share"; null when the event does not
/// carry it (an epoch paid by parts, whose credits were told part by part in <see cref="EpochCreditsPaid"/>, or a
/// follower node's event): read the share from the epoch's allocation lines then.
/// </param>
public sealed record EpochClosed(long Number, long Pool, long Allocated, long CarryOver, int AgentsPaid, IReadOnlyDictionary<long, long>? PaidByOperator)
    : ExchangeEvent;
