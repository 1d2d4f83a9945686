using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>Every page of the app by who can see it, and an operator whose pages have something in every table.</summary>
public static class SitePages
{
    public static readonly string[] Public = ["/", "/market", "/leaderboard", "/epochs", "/tiers", "/Account/Login", "/Account/Register"];

    public static readonly string[] Operator =
    [
        "/market", "/wallet", "/leaderboard", "/epochs", "/epochs/mine", "/tiers", "/locks", "/otc", "/agents", "/settings/api-keys",
        "/Account/Manage", "/Account/Manage/ChangePassword",
    ];

    public static readonly string[] Admin = ["/admin", "/admin/users", "/admin/parameters", "/admin/epochs", "/admin/supply", "/admin/audit"];

    /// <summary>An 80-character agent name with no place to break: long names must wrap or shorten, never widen a page.</summary>
    public static readonly string LongAgentName = string.Concat(Enumerable.Repeat("Reconciler", 8));

    /// <summary>
    /// An operator with the long-named agent, a trade, a resting order with a queue place, and a notification: the
    /// operator's pages then have rows in every table. Returns the agent's id.
    /// </summary>
    public static async Task<long> SeedOperatorAsync(IServiceProvider services, string email)
    {
        var id = await Operators.CreateAsync(services, email);
        await Operators.FundAsync(services, id, 100, 5_000);
        var counterparty = await Operators.CreateAsync(services, "counterparty-" + email);
        await Operators.FundAsync(services, counterparty, 100, 0);
        var agent = (await services.GetRequiredService<AgentService>().RegisterAsync(id, LongAgentName, null)).Value!.Id;
        var trading = services.GetRequiredService<TradingService>();
        await trading.PlaceAsync(id, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 1_000));
        await trading.PlaceAsync(counterparty, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 400));
        return agent;
    }
}
