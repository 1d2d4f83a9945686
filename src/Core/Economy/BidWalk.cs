using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>What selling <see cref="Requested"/> XP into the bids would fetch, from the best bid down.</summary>
/// <param name="Requested">XP to sell.</param>
/// <param name="Filled">XP the resting bids absorb.</param>
/// <param name="Received">Cash received for <see cref="Filled"/> (before trading fees).</param>
/// <param name="AveragePrice">USD per XP over the filled part; null when nothing fills.</param>
/// <param name="BestBid">The top of the bid side, or null when there are no bids.</param>
/// <param name="Slippage">(best bid − average) ÷ best bid, as a fraction; null when nothing fills.</param>
public sealed record BidWalk(Xp Requested, Xp Filled, Cash Received, decimal? AveragePrice, Price? BestBid, decimal? Slippage)
{
    /// <summary>XP the bids could not absorb.</summary>
    public Xp Unfilled => Requested - Filled;

    /// <summary>True when the bids absorb the whole request.</summary>
    public bool LiquiditySuffices => Unfilled == Xp.Zero;
}
