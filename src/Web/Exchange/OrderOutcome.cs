using XpFlywheel.Core.Matching;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An immutable copy of what one engine command did (the engine reuses its result object), safe to hand to the
/// UI, the API and other threads. <see cref="BandBps"/> is the price band the engine applied to it, so a refusal
/// names the band it was judged by. <see cref="ReferenceTicks"/> is the band's centre (the reference price, in
/// 0.0001-dollar ticks) when the engine refused a price outside the band, else 0: the refusal then names the range of
/// prices it would have accepted. <see cref="Amended"/> is, for an accepted amend, the order as that amend left it.
/// </summary>
public sealed record OrderOutcome(
    bool Accepted,
    RejectReason RejectReason,
    long OrderId,
    bool IsRepeat,
    long FilledQuantity,
    long RestingQuantity,
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<CancelledOrder> Cancelled,
    int BandBps,
    long ReferenceTicks = 0,
    AmendedOrder? Amended = null) : ICommandOutcome, IRepeatableOutcome
{
    /// <summary>The order command was accepted (a repeat of an accepted one counts as accepted).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Succeeded => Accepted;

    /// <inheritdoc />
    public object AsRepeat() => this with { IsRepeat = true };

    /// <summary>
    /// Copies <paramref name="result"/>, with the band of the <paramref name="parameters"/> the engine ran it under and,
    /// for a refusal outside the band, the <paramref name="reference"/> price the band was centred on.
    /// </summary>
    public static OrderOutcome From(CommandResult result, MarketParameters parameters, Core.Primitives.Price? reference = null) => new(
        result.IsAccepted,
        result.RejectReason,
        result.OrderId,
        result.IsRepeat,
        result.FilledQuantity.Units,
        result.RestingQuantity.Units,
        result.Fills.ToArray(),
        result.Cancelled.ToArray(),
        parameters.BandBps,
        result.RejectReason == RejectReason.PriceOutsideBand ? reference?.Ticks ?? 0 : 0);

    /// <summary>A sentence a trader understands, for refusals shown inline and in problem details.</summary>
    public string? RejectMessage => Accepted ? null : RejectMessages.For(RejectReason, BandBps, ReferenceTicks);
}
