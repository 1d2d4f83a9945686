using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Otc;

/// <summary>A request for quote: the requester's side and size, open until <see cref="ExpiresAt"/>.</summary>
public sealed record OtcRequestView(long Id, long OperatorId, Side Side, long Quantity, OtcRequestStatus Status, DateTime CreatedAt, DateTime ExpiresAt,
    long? AcceptedQuoteId)
{
    /// <summary>The request as of <paramref name="now"/>: one still open past its expiry reads as expired.</summary>
    public static OtcRequestView From(OtcRequestRecord r, DateTime now) =>
        new(r.Id, r.OperatorId, (Side)r.Side, r.Quantity, r.Status == OtcRequestStatus.Open && r.ExpiresAt <= now ? OtcRequestStatus.Expired : r.Status,
            r.CreatedAt, r.ExpiresAt, r.AcceptedQuoteId);
}
