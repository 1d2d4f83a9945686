using XpFlywheel.Web.Exchange;
using XpFlywheel.Core.Matching;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

public class EconomyPagesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly EconomyKit _kit = new(factory.Services);

    [Fact]
    public async Task Tier_table_is_in_the_first_html_with_names_rates_and_thresholds()
    {
        var html = await factory.CreateBrowserlikeClient().GetStringAsync("/tiers");

        foreach (var text in new[] { "Basic", "Bronze", "Silver", "Gold", "Platinum", "Diamond", "2.50%", "0.25%", "10,000", "5,000,000" })
            Assert.Contains(text, html);
    }

    [Fact]
    public async Task Leaderboard_and_agent_pages_render_for_visitors_and_an_unknown_agent_or_epoch_is_404()
    {
        var me = await _kit.OperatorAsync(xp: 50);
        var agent = await _kit.AgentAsync(me, "Visible Scout");
        await _kit.Locks.LockAsync(me, agent, 10);
        var client = factory.CreateBrowserlikeClient();

        var board = await client.GetStringAsync("/leaderboard");
        var detail = await client.GetStringAsync($"/agents/{agent}");

        Assert.Contains("Visible Scout", board);
        Assert.Contains("10.0", detail);
        Assert.Contains("What changed in the last 7 days", detail);
        Assert.Contains("Locked 10 XP", detail);
        var missing = await client.GetAsync("/agents/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("There is nothing at this address", await missing.Content.ReadAsStringAsync());
        var noEpoch = await client.GetAsync("/epochs/999999");
        Assert.Equal(HttpStatusCode.NotFound, noEpoch.StatusCode);
        Assert.Contains("There is nothing at this address", await noEpoch.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// With no unlock waiting period set, the locks page says the XP returns at the background release's next check,
    /// not that an unlock "waits due now".
    /// </summary>
    [Fact]
    public async Task With_no_unlock_wait_the_locks_page_says_the_xp_returns_at_the_next_release_check()
    {
        await using var own = new AppFactory();
        await own.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(session =>
            Web.Parameters.ParameterChanges.SetLock(session, new Core.Economy.LockPolicy(TimeSpan.Zero), "admin@test.local"));
        var email = $"no-wait-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(own.Services, email);
        await Operators.FundAsync(own.Services, me, 0, 100);
        var client = own.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/locks"));

        Assert.Contains("An unlock returns the XP to you at the next release check (no waiting period is set)", html);
        Assert.DoesNotContain("due now", html);
    }

    [Theory]
    [InlineData("/agents", "Page Agent")]
    [InlineData("/locks", "Page Agent")]
    [InlineData("/tiers", "Your tier")]
    [InlineData("/wallet", "Sell, lock or burn?")]
    public async Task Operator_pages_render_without_errors(string path, string expected)
    {
        var email = $"pages-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(factory.Services, email);
        await Operators.FundAsync(factory.Services, me, 100, 2_000);
        await _kit.AgentAsync(me, "Page Agent");
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("could not be loaded", html);
        Assert.DoesNotContain("No wallet belongs", html);
        Assert.Contains(expected, html);
    }

    [Fact]
    public async Task Sell_link_from_the_wallet_opens_the_market_ticket_on_the_sell_side()
    {
        var email = $"prefill-{Guid.NewGuid():N}@test.local";
        await Operators.CreateAsync(factory.Services, email);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var html = await client.GetStringAsync("/market?side=sell&quantity=1234");

        Assert.Contains("aria-pressed=\"true\" data-testid=\"side-sell\"", html);
    }

    /// <summary>
    /// A pre-fill value in a page's address that cannot be used (text, a number beyond 64 bits, an exponent, a sign, a
    /// side or type the ticket does not have, an agent that is not yours) is left out and the page says which, with
    /// what was sent: never the page's error, and never silently.
    /// </summary>
    [Theory]
    [InlineData("/tiers?burn=abc", "burn")]
    [InlineData("/tiers?burn=99999999999999999999", "burn")]
    [InlineData("/market?quantity=1e3", "quantity")]
    [InlineData("/market?quantity=-5&side=sell", "quantity")]
    [InlineData("/market?side=x&type=zzz", "side")]
    [InlineData("/market?side=sell&quantity=1.5", "quantity")]
    [InlineData("/locks?agent=99999999999999999999&amount=x", "agent")]
    [InlineData("/locks?agent=abc&amount=-1", "amount")]
    public async Task Unreadable_prefill_in_the_address_is_told_and_left_out_never_an_error(string path, string named)
    {
        var email = $"badprefill-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(factory.Services, email);
        await _kit.AgentAsync(me, "Prefill Agent");
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Something went wrong on this page", html);
        Assert.Contains("<h1", html);
        var notice = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"prefill-notice\"[\\s\\S]*?could not be used");
        Assert.True(notice.Success, $"{path}: the page should say which link value it could not use");
        Assert.Matches($"This link.{{1,6}}s [^<]*\\b{named} ", notice.Value);
    }

    /// <summary>
    /// A link that fills an XP field with more than the field takes shows the field's refusal at once (as /market does),
    /// not only after a submit, and the burn form previews no tier for it.
    /// </summary>
    [Theory]
    [InlineData("/tiers?burn=9223372036854775807")]
    [InlineData("/locks?amount=9223372036854775807")]
    public async Task A_prefilled_amount_beyond_the_fields_bound_is_refused_under_the_field_at_once(string path)
    {
        var email = $"bigprefill-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(factory.Services, email);
        await Operators.FundAsync(factory.Services, me, 0, 100);
        await _kit.AgentAsync(me, "Big Prefill Agent");
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(path));

        Assert.Contains("value=\"9223372036854775807\"", html);
        Assert.Contains("at most 1,000,000,000,000", html);
        Assert.DoesNotContain("Afterwards:", html);
    }

    [Fact]
    public async Task Readable_prefill_still_fills_the_field()
    {
        var email = $"goodprefill-{Guid.NewGuid():N}@test.local";
        await Operators.CreateAsync(factory.Services, email);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var market = await client.GetStringAsync("/market?quantity=1234");

        Assert.Contains("value=\"1234\"", market);
        Assert.DoesNotContain("prefill-notice", market);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("abc", null)]
    [InlineData("1e3", null)]
    [InlineData("-5", null)]
    [InlineData("+5", null)]
    [InlineData("0", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("1 000", null)]
    [InlineData("1000", 1000L)]
    public void QueryPrefill_WholeNumber_ReadsDigitsOnly(string? text, long? expected) =>
        Assert.Equal(expected, XpFlywheel.Web.Components.Shared.QueryPrefill.WholeNumber(text));

    /// <summary>
    /// "Sell now" sells into the others' bids only: an order never trades against its operator's own (SPEC §8), so your
    /// own higher bid is left out of the quote, and the panel says so.
    /// </summary>
    [Fact]
    public async Task Sell_now_on_the_wallet_leaves_your_own_bids_out()
    {
        await using var own = new AppFactory();
        var email = $"sellown-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(own.Services, email);
        await Operators.FundAsync(own.Services, me, 100, 2_000);
        var bidder = await Operators.CreateAsync(own.Services, $"bidder-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(own.Services, bidder, 100, 0);
        var trading = own.Services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(bidder, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 1_000, TimeInForce.Gtc, false, null))).Succeeded);
        Assert.True((await trading.PlaceAsync(me, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0220m, 500, TimeInForce.Gtc, false, null))).Succeeded);
        var client = own.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var html = await client.GetStringAsync("/wallet");

        // 1,000 XP into the other's 0.0200 bid is $20.00, less the 0.10% taker fee; the own 0.0220 bid is not counted.
        Assert.Matches("data-testid=\"sell-net\"[^>]*>\\s*<span[^>]*>\\$19\\.98<", html);
        Assert.Contains("data-testid=\"sell-own-bids-left-out\"", html);
        Assert.Contains("from the best bid $0.0200", html);
    }

    /// <summary>"Sell now" on the wallet is what the sale pays after the taker fee, as the ticket's "you receive", and its link opens a market sell.</summary>
    [Fact]
    public async Task Sell_now_on_the_wallet_is_net_of_the_taker_fee_and_opens_a_market_sell()
    {
        var email = $"sellnow-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(factory.Services, email);
        await Operators.FundAsync(factory.Services, me, 0, 2_000);
        var bidder = await _kit.OperatorAsync(dollars: 100);
        var placed = await factory.Services.GetRequiredService<TradingService>()
            .PlaceAsync(bidder, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 1_000, TimeInForce.Gtc, false, null));
        Assert.True(placed.Succeeded, placed.ErrorMessage);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");

        var html = await client.GetStringAsync("/wallet");

        // 1,000 XP into the 0.0200 bid is $20.00; the taker fee of 0.10% is $0.02.
        Assert.Matches("data-testid=\"sell-net\"[^>]*>\\s*<span[^>]*>\\$19\\.98<", html);
        Assert.Contains("/market?side=sell&amp;type=market&amp;quantity=2000", html);
        var market = await client.GetStringAsync("/market?side=sell&type=market&quantity=2000");
        Assert.DoesNotContain("<option value=\"Gtc\"", market);
    }
}
