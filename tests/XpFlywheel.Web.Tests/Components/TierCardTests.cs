using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy.Components;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>The tier card names the moment a tier lapses to the second: a burn made at 11:24:14 lapses at 11:25:14, not "11:25".</summary>
public sealed class TierCardTests : MudTestContext
{
    [Fact]
    public void A_tier_lapse_is_shown_to_the_second()
    {
        var tiers = FeeSchedule.Default.Tiers;
        var lapse = new DateTimeOffset(2026, 12, 4, 11, 25, 14, TimeSpan.Zero);
        var status = new TierStatus(tiers[1], new Xp(10_000), lapse, tiers[0], tiers[2], new Xp(40_000), []);

        var cut = Render<TierCard>(p => p.Add(c => c.Status, status).Add(c => c.Window, "1 minute"));

        Assert.Contains("2026-12-04 11:25:14 UTC", cut.Markup);
    }
}
