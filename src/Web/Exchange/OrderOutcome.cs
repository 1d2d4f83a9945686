using XpFlywheel.Core.Matching;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An immutable copy of what one engine command did (the engine reuses its result object), safe to hand to the
/// UI, the API and other threads.
/// </summary>
public sealed record OrderOutcome(
    bool Accepted,
    RejectReason RejectReason,
    long OrderId,
    bool IsRepeat,
    long FilledQuantity,
    long RestingQuantity,
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<CancelledOrder> Cancelled) : ICommandOutcome
{
    /// <summary>The order command was accepted (a repeat of an accepted one counts as accepted).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Succeeded => Accepted;

    public static OrderOutcome From(CommandResult result) => new(
        result.IsAccepted,
        result.RejectReason,
        result.OrderId,
        result.IsRepeat,
        result.FilledQuantity.Units,
        result.RestingQuantity.Units,
        result.Fills.ToArray(),
        result.Cancelled.ToArray());

    /// <summary>A sentence a trader understands, for refusals shown inline and in problem details.</summary>
    public string? RejectMessage => Accepted ? null : RejectMessages.For(RejectReason);
}
