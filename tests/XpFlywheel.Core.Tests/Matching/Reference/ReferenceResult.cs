using XpFlywheel.Core.Matching;

namespace XpFlywheel.Core.Tests.Matching.Reference;

/// <summary>What a command did, in a form both books produce, compared as text for readable failures.</summary>
public sealed record ReferenceResult(
    CommandStatus Status, RejectReason Reason, long OrderId, bool IsRepeat, long Filled, long Resting,
    IReadOnlyList<Fill> Fills, IReadOnlyList<CancelledOrder> Cancelled)
{
    public static ReferenceResult From(CommandResult r) => new(r.Status, r.RejectReason, r.OrderId, r.IsRepeat,
        r.FilledQuantity.Units, r.RestingQuantity.Units, r.Fills.ToArray(), r.Cancelled.ToArray());

    public override string ToString() =>
        $"{Status} {Reason} order={OrderId} repeat={IsRepeat} filled={Filled} resting={Resting}\n  fills: {string.Join("\n         ", Fills)}\n  cancelled: {string.Join("\n             ", Cancelled)}";
}
