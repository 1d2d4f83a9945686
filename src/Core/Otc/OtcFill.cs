using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Otc;

/// <summary>
/// One OTC trade's terms: the maker (who posted the offer or gave the quote) and its side, the taker, price (ticks),
/// quantity (XP), notional and each side's fee (micro-dollars, rounded up).
/// </summary>
public sealed record OtcFill(long MakerId, long TakerId, Side MakerSide, Price Price, long Quantity, long NotionalMicros,
    long MakerFeeMicros, long TakerFeeMicros)
{
    /// <summary>Who receives the XP.</summary>
    public long BuyerId => MakerSide == Side.Buy ? MakerId : TakerId;

    /// <summary>Who delivers the XP.</summary>
    public long SellerId => MakerSide == Side.Sell ? MakerId : TakerId;
}
