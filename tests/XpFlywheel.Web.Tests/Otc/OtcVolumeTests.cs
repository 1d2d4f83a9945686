using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Otc;

/// <summary>SPEC §8: OTC trades count toward 30-day volume, so every figure built on that volume counts them alike.</summary>
public sealed class OtcVolumeTests : IDisposable
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _app;
    private readonly EconomyKit _kit;

    public OtcVolumeTests()
    {
        _app = new ClockedAppFactory(_clock);
        _kit = new EconomyKit(_app.Services);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Otc_volume_counts_in_the_fair_value_hint_and_the_chart_ceiling_as_in_the_tier_calculator()
    {
        await _kit.Host.ExecuteAsync(s => s.Engine.SetReferencePrice(new Price(200)));
        var maker = await _kit.OperatorAsync(dollars: 100_000, xp: 100_000);
        var taker = await _kit.OperatorAsync(dollars: 100_000, xp: 100_000);
        var otc = _app.Services.GetRequiredService<OtcService>();
        var offer = (await otc.PostOfferAsync(maker, Side.Sell, 200, 50_000, 1, _clock.GetUtcNow().UtcDateTime.AddHours(1), null)).Value!;
        Assert.True((await otc.TakeOfferAsync(taker, offer.Id, 50_000)).Succeeded);   // $1,000 notional, no jobs at all

        var fairValue = _app.Services.GetRequiredService<FairValueService>();
        var window = _app.Services.GetRequiredService<ParameterBoard>().Current.Tiers.Window;
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        foreach (var side in new[] { maker, taker })
        {
            var calculator = await OperatorTier.MonthlyVolumeAsync(db, side, _clock.GetUtcNow().UtcDateTime, window, default);
            Assert.Equal(Cash.FromDollars(1_000m), calculator);
            Assert.Equal(calculator, (await fairValue.ForOperatorAsync(side, [], new Price(200))).MonthlyVolume);
        }
        Assert.NotNull((await fairValue.RationalRangeAsync()).Ceiling);
    }
}
