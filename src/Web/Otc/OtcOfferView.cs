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

    public static OtcOfferView From(OtcOfferRecord r) => new(r.Id, r.OperatorId, (Side)r.Side, new Price(r.PriceTicks), r.Quantity, r.Remaining,
        r.MinimumFill, r.Held, r.CounterpartyId, r.Status, r.CreatedAt, r.ExpiresAt);
}
