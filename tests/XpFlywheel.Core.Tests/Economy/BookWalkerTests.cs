using CsCheck;
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

    /// <summary>Beyond the asks the rest is priced no lower than the highest ask taken: a fallback below the book (a stale last price) does not make more XP cheaper.</summary>
    [Fact]
    public void Buying_beyond_the_asks_prices_the_rest_no_lower_than_the_highest_ask_taken()
    {
        var walk = BookWalker.BuyFromAsks([Level(0.0199m, 100)], new Xp(300), Price.FromDollars(0.0197m));

        Assert.Equal(Price.FromDollars(0.0199m), walk.FallbackPrice);
        Assert.Equal(Cash.FromDollars(300 * 0.0199m), walk.TotalCost);
    }

    /// <summary>Whatever the book and the fallback, buying more XP never lowers the average price.</summary>
    [Fact]
    public void Buying_more_never_lowers_the_average_price()
    {
        var levels = Gen.Select(Gen.Int[1, 500], Gen.Long[1, 1_000]).Select((ticks, xp) => new QuoteLevel(new Price(ticks), new Xp(xp))).Array[0, 6];
        Gen.Select(levels, Gen.Int[1, 500], Gen.Long[1, 5_000], Gen.Long[0, 5_000]).Sample((asks, fallback, small, extra) =>
        {
            var less = BookWalker.BuyFromAsks(asks, new Xp(small), new Price(fallback)).AveragePrice!.Value;
            var more = BookWalker.BuyFromAsks(asks, new Xp(small + extra), new Price(fallback)).AveragePrice!.Value;
            Assert.True(more >= less, $"{small} XP at {less}, {small + extra} XP at {more}");
        });
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
