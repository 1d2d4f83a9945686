using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>A parameter form with a field it cannot read saves nothing: an unreadable number is not a 0.</summary>
public sealed class ParameterFormReadTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ParameterFormReadTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<ParameterBoard>());
        Services.AddSingleton(_app.Services.GetRequiredService<ExchangeHost>());
        Services.AddSingleton(_app.Services.GetRequiredService<ParameterDefaults>());
        Services.AddSingleton(_app.Services.GetRequiredService<ExchangeFeed>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private ParameterBoard Board => _app.Services.GetRequiredService<ParameterBoard>();

    /// <summary>
    /// An unreadable field saves nothing, keeps what was typed and says under it why: "12.7" in a whole-number field,
    /// a number too large for it, letters or an exponent are neither replaced by 0 nor dropped without a word.
    /// </summary>
    [Theory]
    [InlineData("abc", ParameterField<int>.NotWhole)]
    [InlineData("1e3", ParameterField<int>.NotWhole)]
    [InlineData("99999999999", "too large")]
    [InlineData("12.7", ParameterField<int>.NotWhole)]
    public async Task An_unreadable_market_field_saves_nothing_and_keeps_what_was_typed(string typed, string why)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current.Market;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        // The taker fee is the second field.
        cut.OnRenderer(() => cut.FindAll("input")[1].Change(typed));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("Nothing was saved", cut.Find("[data-testid=market-parameter-errors]").TextContent));
        Assert.Equal(before, Board.Current.Market);
        Assert.Equal(typed, cut.FindAll("input")[1].GetAttribute("value"));
        Assert.Contains(why, cut.Markup);
    }

    /// <summary>
    /// A number outside a parameter's range is marked under its field as soon as it is typed, with the range, and the
    /// save refuses it: a band of 20,000 bps, a taker fee of 1,001 bps, a band or open-order cap of 0, an earning cost of $0 or above
    /// $1,000 per XP. Nothing is saved.
    /// </summary>
    [Theory]
    [InlineData(2, "20000", "From 1 to 10,000.")]
    [InlineData(2, "0", "From 1 to 10,000.")]
    [InlineData(1, "1001", "From 0 to 1,000.")]
    [InlineData(0, "-1", "From 0 to 1,000.")]
    [InlineData(3, "0", "From 1 to 100,000.")]
    [InlineData(4, "0", "From 0.0001 to 1,000.")]
    [InlineData(4, "1000.0001", "From 0.0001 to 1,000.")]
    public async Task A_market_parameter_out_of_its_range_is_marked_on_its_field_and_saves_nothing(int field, string typed, string range)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        await MarkedAndRefusedAsync(Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), "market", field, typed, range);
        Assert.Equal(before, Board.Current);
    }

    /// <summary>The OTC desk's lifetimes are marked on their fields outside 1 s–10 min (quotes) and 10 s–1 day (requests).</summary>
    [Theory]
    [InlineData(3, "601", "From 1 to 600.")]
    [InlineData(4, "5", "From 10 to 86,400.")]
    public async Task An_otc_parameter_out_of_its_range_is_marked_on_its_field_and_saves_nothing(int field, string typed, string range)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        await MarkedAndRefusedAsync(Render<OtcParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), "otc", field, typed, range);
        Assert.Equal(before, Board.Current);
    }

    /// <summary>
    /// The epoch, reputation and fee-tier forms mark a value outside its rule on its own field as it is typed, as the
    /// market and OTC forms do; they had said so only in one alert above the save button, with every field left unmarked.
    /// </summary>
    [Theory]
    [InlineData("epoch", 0, "0", "longer than zero")]
    [InlineData("epoch", 0, "400.00:00:00", "to 366 days")]
    [InlineData("epoch", 0, "a week", "days.hours:minutes:seconds")]
    [InlineData("epoch", 1, "0", "At least 1.")]
    [InlineData("epoch", 2, "1.5", "From 0 to 1.")]
    [InlineData("epoch", 6, "-1", "From 0 to 1,000,000,000,000.")]
    [InlineData("reputation", 0, "0", "At least 0.000001.")]
    [InlineData("reputation", 1, "150", "At most 100.")]
    [InlineData("reputation", 2, "0.5", "At least 1.")]
    [InlineData("tier", 1, "-1", "At least 0.")]
    [InlineData("tier", 2, "-5", "At least 0.")]
    public async Task An_economy_parameter_out_of_its_range_is_marked_on_its_field_and_saves_nothing(string form, int field, string typed, string range)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        switch (form)
        {
            case "epoch":
                await MarkedAndRefusedAsync(Render<EpochParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), "epoch", field, typed, range);
                break;
            case "reputation":
                await MarkedAndRefusedAsync(Render<ReputationParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), "reputation", field, typed, range);
                break;
            default:
                await MarkedAndRefusedAsync(Render<TierTableForm>(p => p.Add(x => x.Actor, "admin@test.local")), "tier", field, typed, range, errors: "tier-errors");
                break;
        }
        Assert.Equal(before, Board.Current);
    }

    // Types into one field: it is marked invalid with the range under it, the save refuses, and the text stays as typed.
    private static async Task MarkedAndRefusedAsync<T>(IRenderedComponent<T> cut, string form, int field, string typed, string range, string? errors = null)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        cut.OnRenderer(() => cut.FindAll("input")[field].Change(typed));
        cut.WaitForAssertion(() => Assert.Contains(range, cut.FindAll(".mud-input-control")[field].TextContent));
        Assert.Contains("mud-input-error", cut.FindAll(".mud-input-control")[field].InnerHtml);
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("out of range", cut.Find($"[data-testid={errors ?? form + "-parameter-errors"}]").TextContent));
        Assert.Equal(typed, cut.FindAll("input")[field].GetAttribute("value"));
    }

    /// <summary>
    /// A decimal parameter reads by the app's one rule for decimals, as every money field does: "2.5" and "2,5" alike,
    /// "1,000.5" grouped, "1,500" refused as ambiguous (not 1.5 here and 1,500 in the admin's cash credit), exponents refused.
    /// </summary>
    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("2,5", 2.5)]
    [InlineData(" -1 ", -1.0)]
    [InlineData("1,000.5", 1000.5)]
    [InlineData("1,500", null)]
    [InlineData("1e3", null)]
    [InlineData("", null)]
    public void A_decimal_parameter_reads_by_the_one_rule_for_decimals(string typed, double? read)
    {
        var (value, problem) = ParameterField<decimal>.Read(typed);

        Assert.Equal(read is null ? null : (decimal)read.Value, value);
        Assert.Equal(read is null, problem is not null);
    }

    /// <summary>The self-trade prevention mode reads in words ("Cancel the resting order"), not as the enum's name.</summary>
    [Fact]
    public async Task Self_trade_prevention_reads_in_words()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        Assert.Contains("Cancel the resting order", cut.Markup);
        Assert.DoesNotContain("CancelResting", cut.Markup);
    }

    [Fact]
    public async Task An_unreadable_waiting_period_saves_nothing()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.Find("input").Change("seven"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save lock parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("Nothing was saved", cut.Find("[data-testid=lock-parameter-errors]").TextContent));
        Assert.Equal(TimeSpan.FromDays(7), Board.Current.Lock.WaitingPeriod);
    }

    /// <summary>
    /// Enter in a field submits its form, as in every other form of the app: the forms allow implicit submission and
    /// save on submit (Enter and the Save button alike), so an admin need not reach for the mouse.
    /// </summary>
    [Fact]
    public async Task Enter_in_a_parameter_field_saves_the_form()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var market = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        var locks = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        Assert.Empty(market.FindAll("form button[type=submit][disabled]"));
        market.OnRenderer(() => market.FindAll("input")[1].Change("25"));
        await market.Find("form").SubmitAsync();
        locks.OnRenderer(() => locks.Find("input").Change("3"));
        await locks.Find("form").SubmitAsync();

        market.WaitForAssertion(() => Assert.Equal(25, Board.Current.Market.TakerFeeBps));
        locks.WaitForAssertion(() => Assert.Equal(TimeSpan.FromDays(3), Board.Current.Lock.WaitingPeriod));
    }

    /// <summary>A refusal stays until the admin edits a field: once a value is corrected the old message goes.</summary>
    [Fact]
    public async Task A_parameter_refusal_clears_when_a_field_is_edited()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.FindAll("input")[2].Change("0"));
        await cut.OnRenderer(() => cut.Find("form").SubmitAsync());
        cut.WaitForAssertion(() => Assert.Contains("band", cut.Find("[data-testid=market-parameter-errors]").TextContent, StringComparison.OrdinalIgnoreCase));
        cut.OnRenderer(() => cut.FindAll("input")[2].Change("2000"));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=market-parameter-errors]")));
    }

    /// <summary>
    /// An out-of-range number is refused with the rule it breaks, never moved into range: a field clamping -1 to its
    /// minimum saved a value the admin never typed and said it was saved.
    /// </summary>
    [Theory]
    [InlineData("otc", 0, "-1", "maker fee")]
    [InlineData("otc", 1, "1001", "taker fee")]
    [InlineData("otc", 2, "0", "band")]
    [InlineData("otc", 3, "601", "firm")]
    [InlineData("otc", 4, "5", "open")]
    [InlineData("lock", 0, "-1", "waiting period")]
    [InlineData("lock", 0, "366", "waiting period")]
    [InlineData("reputation", 0, "-2", "Minimum job amount")]
    [InlineData("reputation", 1, "101", "client cap")]
    [InlineData("reputation", 1, "0", "client cap")]
    [InlineData("reputation", 2, "-1", "dispute window")]
    [InlineData("market", 1, "-1", "fee")]
    public async Task An_out_of_range_parameter_is_refused_not_clamped(string form, int field, string typed, string rule)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        switch (form)
        {
            case "otc": await RefusedAsync(Render<OtcParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), form, field, typed, rule); break;
            case "lock": await RefusedAsync(Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), form, field, typed, rule); break;
            case "reputation": await RefusedAsync(Render<ReputationParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), form, field, typed, rule); break;
            default: await RefusedAsync(Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local")), form, field, typed, rule); break;
        }
        Assert.Equal(before, Board.Current);
    }

    /// <summary>
    /// Lock waiting periods and dispute windows are kept in whole minutes: a value finer than that is refused with why,
    /// never rounded (0.00001 days was saved as 0 and said saved). A period the field shows with a long fraction
    /// (1 minute is 0.000694444… days) saves again unchanged.
    /// </summary>
    [Theory]
    [InlineData("lock", 0, "0.00001", "whole minutes")]
    [InlineData("reputation", 2, "1.0000001", "whole minutes")]
    public Task A_period_kept_in_whole_minutes_is_refused_when_typed_finer_never_rounded(string form, int field, string typed, string rule) =>
        An_out_of_range_parameter_is_refused_not_clamped(form, field, typed, rule);

    [Fact]
    public async Task A_lock_period_of_one_minute_shown_as_days_saves_again_unchanged()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var set = await host.SubmitAsync<Core.Economy.Validated<ParameterSet>>(new Core.Commands.SetLockPolicy(new Core.Economy.LockPolicy(TimeSpan.FromMinutes(1))) { By = Core.Commands.Actor.Admin("admin@test.local") });
        Assert.True(set.IsValid);
        var cut = Render<LockParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=lock-parameter-errors]")));
        Assert.Equal(TimeSpan.FromMinutes(1), Board.Current.Lock.WaitingPeriod);
    }

    private static async Task RefusedAsync<T>(IRenderedComponent<T> cut, string form, int field, string typed, string rule)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        cut.OnRenderer(() => cut.FindAll("input")[field].Change(typed));
        Assert.Equal(typed, cut.FindAll("input")[field].GetAttribute("value"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save")).ClickAsync(new()));

        cut.WaitForAssertion(() =>
            Assert.Contains(rule, cut.Find($"[data-testid={form}-parameter-errors]").TextContent, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The earning cost per XP, the floor of the rational range on the chart (SPEC §8), is an admin's market parameter:
    /// stored, audited, in force at once; it was a configuration value no admin could change.
    /// </summary>
    [Fact]
    public async Task The_earning_cost_per_XP_is_an_admin_parameter_that_moves_the_chart_floor_at_once_and_is_audited()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var fairValue = _app.Services.GetRequiredService<FairValueService>();
        Assert.Equal(0.01m, (await fairValue.RationalRangeAsync()).Floor); // cached from here on
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));
        Assert.Equal("0.0100", cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").GetAttribute("value"));

        cut.OnRenderer(() => cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").Change("0.025"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Equal(250, Board.Current.Market.EarningCostTicks));
        Assert.Equal(0.025m, (await fairValue.RationalRangeAsync()).Floor);
        Assert.Equal(0.025m, fairValue.EarningCost);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.AuditLog.AsNoTracking().Where(a => a.Target == ParameterRows.MarketKey).Select(a => a.After).ToListAsync(), after => after != null && after.Contains("\"earningCostTicks\":250", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.00015")]
    [InlineData("0.01001")]
    public async Task An_earning_cost_between_ticks_is_refused_and_saves_nothing(string typed)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var before = Board.Current;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

        cut.OnRenderer(() => cut.Find("input[data-testid=earning-cost], [data-testid=earning-cost] input").Change(typed));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains(MarketParametersForm.EarningCostOffTick, cut.Find("[data-testid=market-parameter-errors]").TextContent));
        Assert.Equal(before, Board.Current);
    }
}
