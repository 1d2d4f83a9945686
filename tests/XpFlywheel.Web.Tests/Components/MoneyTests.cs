using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>Money reads to the cent; fees and ledger postings read to the micro-dollar, as charged.</summary>
public sealed class MoneyTests : MudTestContext
{
    [Theory]
    [InlineData(27_300L, false, "$0.03")]
    [InlineData(27_300L, true, "$0.0273")]
    [InlineData(975L, true, "$0.000975")]
    [InlineData(12_500_000L, true, "$12.50")]
    public void A_fee_or_posting_shows_every_micro_dollar_charged_other_money_the_cents(long micros, bool exact, string shown)
    {
        var cut = Render<Money>(p => p.Add(x => x.Value, new Cash(micros)).Add(x => x.Exact, exact));

        Assert.Equal(shown, cut.Find("span").TextContent.Trim());
    }
}
