using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Otc;

/// <summary>
/// An OTC offer as its maker and takers see it: side (the maker's), price, quantity and what is left, the minimum
/// fill, what it still holds (XP for a sell, micro-dollars for a buy), the named counterparty of a private offer.
/// </summary>
public sealed record OtcOfferView(long Id, long OperatorId, Side Side, Price Price, long Quantity, long Remaining, long MinimumFill,
    long Held, long? CounterpartyId, OtcOfferStatus Status, DateTime CreatedAt, DateTime ExpiresAt)
{
    public bool IsPrivate => CounterpartyId is not null;

    /// <summary>
    /// The offer as of <paramref name="now"/>: one still open past its expiry reads as expired (it can no longer be
    /// taken; the desk closes it and releases its hold within <c>Otc:ExpiryCheckSeconds</c>, and <see cref="Held"/> says
    /// what it holds until then).
    /// </summary>
    public static OtcOfferView From(OtcOfferRecord r, DateTime now) => new(r.Id, r.OperatorId, (Side)r.Side, new Price(r.PriceTicks), r.Quantity, r.Remaining,
        r.MinimumFill, r.Held, r.CounterpartyId, r.Status == OtcOfferStatus.Open && r.ExpiresAt <= now ? OtcOfferStatus.Expired : r.Status, r.CreatedAt, r.ExpiresAt);
}
