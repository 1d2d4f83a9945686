using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// One part of an epoch paid by parts is durable (<see cref="Core.Commands.PayEpochPart"/>): the XP units credited to
/// each operator of the part, and the epoch's pool. <see cref="EpochClosed"/> follows after the last part.
/// </summary>
public sealed record EpochCreditsPaid(long Number, long Pool, IReadOnlyDictionary<long, long> PaidByOperator) : ExchangeEvent;
