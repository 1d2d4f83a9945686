using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class BookWalkerTests
{
    private static QuoteLevel Level(decimal price, long xp) => new(Price.FromDollars(price), new Xp(xp));

    [Fact]
    public void Buying_takes_the_cheapest_asks_first_whatever_their_order()
    {
        var walk = BookWalker.BuyFromAsks([Level(0.03m, 50), Level(0.02m, 100)], new Xp(120), Price.FromDollars(0.05m));

        Assert.Equal(Cash.FromDollars(2.00m + 0.60m), walk.TotalCost);
        Assert.Equal(Price.FromDollars(0.03m), walk.WorstPrice);
        Assert.True(walk.LiquiditySuffices);
    }

    [Fact]
    public void Buying_more_than_the_book_holds_prices_the_rest_at_the_fallback()
    {
        var walk = BookWalker.BuyFromAsks([Level(0.03m, 50), Level(0.02m, 100)], new Xp(200), Price.FromDollars(0.05m));

        Assert.Equal(new Xp(150), walk.FromBook);
        Assert.Equal(Cash.FromDollars(3.50m), walk.BookCost);
        Assert.Equal(new Xp(50), walk.AtFallback);
        Assert.Equal(Cash.FromDollars(6.00m), walk.TotalCost);
        Assert.Equal(0.03m, walk.AveragePrice);
        Assert.False(walk.LiquiditySuffices);
    }

    [Fact]
    public void Buying_nothing_costs_nothing()
    {
        var walk = BookWalker.BuyFromAsks([Level(0.02m, 100)], Xp.Zero, Price.FromDollars(0.05m));

        Assert.Equal(Cash.Zero, walk.TotalCost);
        Assert.Null(walk.AveragePrice);
        Assert.True(walk.LiquiditySuffices);
    }

    [Fact]
    public void Selling_into_bids_slips_below_the_best_bid()
    {
        var walk = BookWalker.SellIntoBids([Level(0.019m, 100), Level(0.020m, 100)], new Xp(150));

        Assert.Equal(Cash.FromDollars(2.95m), walk.Received);
        Assert.Equal(Price.FromDollars(0.02m), walk.BestBid);
        Assert.Equal(0.019667m, Math.Round(walk.AveragePrice!.Value, 6));
        Assert.Equal(0.016667m, Math.Round(walk.Slippage!.Value, 6));
        Assert.True(walk.LiquiditySuffices);
    }

    [Fact]
    public void Selling_within_the_best_bid_has_no_slippage()
    {
        var walk = BookWalker.SellIntoBids([Level(0.019m, 100), Level(0.020m, 100)], new Xp(100));

        Assert.Equal(0m, walk.Slippage);
    }

    [Fact]
    public void Selling_more_than_the_bids_absorb_leaves_the_rest_unfilled()
    {
        var walk = BookWalker.SellIntoBids([Level(0.02m, 100)], new Xp(300));

        Assert.Equal(new Xp(100), walk.Filled);
        Assert.Equal(new Xp(200), walk.Unfilled);
        Assert.False(walk.LiquiditySuffices);
    }

    [Fact]
    public void Selling_into_an_empty_book_fills_nothing()
    {
        var walk = BookWalker.SellIntoBids([], new Xp(10));

        Assert.Equal(Xp.Zero, walk.Filled);
        Assert.Null(walk.BestBid);
        Assert.Null(walk.Slippage);
    }
}
