using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Otc;

/// <summary>A firm quote on a request: seen only by the requester and the quoter. Firm while <see cref="ExpiresAt"/> is ahead.</summary>
public sealed record OtcQuoteView(long Id, long RequestId, long OperatorId, Price Price, OtcQuoteStatus Status, DateTime CreatedAt, DateTime ExpiresAt)
{
    /// <summary>Whether the quote can still be accepted at <paramref name="now"/>.</summary>
    public bool IsFirmAt(DateTime now) => Status == OtcQuoteStatus.Open && ExpiresAt > now;

    /// <summary>The quote as of <paramref name="now"/>: one no longer firm (past its expiry) reads as closed.</summary>
    public static OtcQuoteView From(OtcQuoteRecord r, DateTime now) => new(r.Id, r.RequestId, r.OperatorId, new Price(r.PriceTicks),
        r.Status == OtcQuoteStatus.Open && r.ExpiresAt <= now ? OtcQuoteStatus.Closed : r.Status, r.CreatedAt, r.ExpiresAt);
}
