using System.Net;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Otc;

/// <summary>The /otc page as first rendered: empty states, the band and fees, and private offers shown only to their counterparty.</summary>
public class OtcPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(long Id, HttpClient Client)> SignedInAsync(decimal dollars = 100, long xp = 10_000)
    {
        var email = $"otc-page-{Guid.NewGuid():N}@test.local";
        var id = await Operators.CreateAsync(factory.Services, email);
        await Operators.FundAsync(factory.Services, id, dollars, xp);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");
        return (id, client);
    }

    [Fact]
    public async Task The_desk_explains_band_and_fees_and_shows_empty_states_for_a_newcomer()
    {
        var (_, client) = await SignedInAsync();

        var response = await client.GetAsync("/otc");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OTC desk", html);
        Assert.Contains("±50%", html);
        Assert.Contains("taker 0.10%", html);
        Assert.Contains("do not move", html);
        Assert.Contains("You have no offers", html);
        Assert.DoesNotContain("could not be loaded", html);
    }

    [Fact]
    public async Task A_private_offer_shows_only_to_its_counterparty()
    {
        var reference = await factory.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s =>
        {
            if (s.Engine.ReferencePrice is null)
                s.Engine.SetReferencePrice(new Price(200));
            return s.Engine.ReferencePrice!.Value;
        });
        var (maker, _) = await SignedInAsync();
        var (named, namedClient) = await SignedInAsync();
        var (_, otherClient) = await SignedInAsync();
        var posted = await factory.Services.GetRequiredService<OtcService>()
            .PostOfferAsync(maker, Side.Sell, reference.Ticks, 4_321, 1, DateTime.UtcNow.AddHours(1), named);
        Assert.True(posted.Succeeded, posted.Message);

        Assert.Contains("4,321", await namedClient.GetStringAsync("/otc"));
        Assert.DoesNotContain("4,321", await otherClient.GetStringAsync("/otc"));
    }

    [Theory]
    [InlineData(null, false, 500L, null)]
    [InlineData(120L, false, 120L, null)]
    [InlineData(500L, false, 500L, null)]
    [InlineData(9_000L, false, 0L, "only 500 XP left")]
    [InlineData(0L, false, 0L, "at least 1 XP")]
    [InlineData(-5L, false, 0L, "at least 1 XP")]
    [InlineData(null, true, 0L, "whole number")]
    [InlineData(120L, true, 0L, "whole number")]
    public void A_take_asks_for_all_that_is_left_only_when_the_field_is_empty_never_for_unreadable_zero_negative_or_too_large_input(
        long? typed, bool unreadable, long expected, string? error)
    {
        var (quantity, message) = OtcPage.TakeQuantity(typed, unreadable, remaining: 500);

        Assert.Equal(expected, quantity);
        if (error is null)
            Assert.Null(message);
        else
            Assert.Contains(error, message);
    }

    /// <summary>A take below the offer's minimum fill is refused before its confirmation, as the desk would refuse it, unless it takes all that is left.</summary>
    [Theory]
    [InlineData(1_900L, 5_000L, 100L, true)]
    [InlineData(1_900L, 5_000L, 1_899L, true)]
    [InlineData(1_900L, 5_000L, 1_900L, false)]
    [InlineData(1_900L, 300L, 300L, false)]
    [InlineData(1_900L, 300L, 299L, true)]
    [InlineData(1L, 5_000L, 1L, false)]
    public void A_take_below_the_minimum_fill_is_refused_before_its_confirmation(long minimumFill, long remaining, long quantity, bool refused)
    {
        var offer = new OtcOfferView(7, 2, Core.Matching.Side.Sell, new Core.Primitives.Price(200), 10_000, remaining, minimumFill, remaining, null,
            Data.Entities.OtcOfferStatus.Open, DateTime.UtcNow, DateTime.UtcNow.AddHours(1));
        var message = OtcPage.BelowMinimumFill(offer, quantity);
        Assert.Equal(refused, message is not null);
        if (refused)
            Assert.Contains("minimum fill", message);
        Assert.Equal(refused, Core.Otc.OtcRules.CheckTake(makerId: 2, counterpartyId: null, remaining, minimumFill, takerId: 3, quantity) == Core.Otc.OtcRefusal.BelowMinimumFill);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("  ", null, true)]
    [InlineData("42", 42L, true)]
    [InlineData(" -5 ", -5L, true)]
    [InlineData("1.5", null, false)]
    [InlineData("1e30", null, false)]
    [InlineData("99999999999999999999", null, false)]
    [InlineData("2x", null, false)]
    [InlineData("\u200F1", null, false)]
    [InlineData("-", null, false)]
    public void An_optional_whole_number_field_is_empty_a_number_or_unreadable_never_unreadable_read_as_empty(string? text, long? value, bool readable) =>
        Assert.Equal((value, readable), OtcPage.WholeNumber(text));

    [Fact]
    public async Task Visitors_are_sent_to_sign_in()
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync("/otc");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }
}
