using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests;

public class PrimitivesTests
{
    [Fact]
    public void Price_notional_is_exact_in_micro_dollars()
    {
        var price = Price.FromDollars(0.0213m);
        Assert.Equal(new Cash(213 * 100 * 1_500), price.Notional(new Xp(1_500)));
        Assert.Equal(31.95m, price.Notional(new Xp(1_500)).Dollars);
    }

    [Fact]
    public void Price_off_the_tick_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Price.FromDollars(0.00005m));
    }

    [Fact]
    public void Cash_finer_than_a_micro_dollar_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Cash.FromDollars(0.0000001m));
    }
}
