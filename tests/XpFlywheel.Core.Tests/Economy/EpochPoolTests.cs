using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class EpochPoolTests
{
    private static readonly DateTimeOffset Genesis = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly EpochCalendar Calendar = new(Genesis, TimeSpan.FromDays(7));
    private static readonly EpochParameters Parameters = EpochParameters.Default;

    private static readonly XpBurn[] Burns =
    [
        new(new Xp(500), Genesis.AddDays(1)),
        new(new Xp(300), Genesis.AddDays(7).AddSeconds(-1)),
        new(new Xp(200), Genesis.AddDays(7)),
    ];

    [Fact]
    public void First_epoch_pool_is_the_genesis_emission()
    {
        var pool = EpochPool.For(1, Calendar, Burns, Xp.Zero, Parameters);

        Assert.Equal(new Xp(1_000_000), pool.Total);
        Assert.Equal(Xp.Zero, pool.FromBurns);
    }

    [Fact]
    public void Week_one_burns_fund_the_week_two_pool()
    {
        var pool = EpochPool.For(2, Calendar, Burns, Xp.Zero, Parameters);

        Assert.Equal(new Xp(800), pool.FromBurns);
        Assert.Equal(Xp.Zero, pool.Emission);
        Assert.Equal(new Xp(800), pool.Total);
    }

    [Fact]
    public void Pool_adds_previous_burns_carry_over_and_emission()
    {
        var pool = EpochPool.For(3, Calendar, Burns, new Xp(50), Parameters with { EmissionPerEpoch = new Xp(1_000) });

        Assert.Equal(new EpochPool(3, new Xp(200), new Xp(50), new Xp(1_000)), pool);
        Assert.Equal(new Xp(1_250), pool.Total);
    }

    [Fact]
    public void Admin_emission_for_an_epoch_replaces_the_schedule()
    {
        Assert.Equal(new Xp(7), EpochPool.For(1, Xp.Zero, Xp.Zero, Parameters, new Xp(7)).Total);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    [InlineData(7 * 24 * 3600 - 1, 1)]
    [InlineData(7 * 24 * 3600, 2)]
    public void Every_instant_belongs_to_exactly_one_epoch(long secondsAfterGenesis, int epoch)
    {
        Assert.Equal(epoch, Calendar.EpochAt(Genesis.AddSeconds(secondsAfterGenesis)));
    }
}
