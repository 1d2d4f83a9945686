using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// One trade, always at the maker's (resting order's) price. Fees are in cash and go to the treasury; the buyer pays
/// its fee on top of the notional, the seller from the proceeds.
/// </summary>
public readonly record struct Fill(
    long TradeId,
    long MakerOrderId,
    long TakerOrderId,
    long MakerOperatorId,
    long TakerOperatorId,
    Price Price,
    Xp Quantity,
    Side TakerSide,
    Cash TakerFee,
    Cash MakerFee);
