using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Components.Layout;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>
/// An admin's change is audited with the address the admin acted from: the page's client IP travels with the command
/// (journaled, so a replay writes the same entry), never as part of its terms or scope, and operators' commands carry
/// none.
/// </summary>
public sealed class AdminAuditAddressTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public AdminAuditAddressTests()
    {
        foreach (var type in new[] { typeof(ParameterBoard), typeof(ParameterDefaults), typeof(ExchangeHost) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task An_admins_parameter_change_is_audited_with_the_address_their_page_was_served_to()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var cut = Render<MarketParametersForm>(p => p.Add(x => x.Actor, "admin@test.local").AddCascadingValue(new ClientOrigin("203.0.113.7")));

        cut.OnRenderer(() => cut.FindAll("input")[1].Change("25"));
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Save market parameters")).ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Equal(25, _app.Services.GetRequiredService<ParameterBoard>().Current.Market.TakerFeeBps));

        var entry = await ReadAsync(db => db.AuditLog.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "parameters.changed"));
        Assert.Equal("admin@test.local", entry.Actor);
        Assert.Equal("203.0.113.7", entry.Address);
        Assert.Contains("\"takerFeeBps\":25", entry.After);
        var journaled = await ReadAsync(db => db.Journal.OrderByDescending(j => j.Sequence).FirstAsync(j => j.Type == "parameters.market"));
        Assert.Contains("\"address\":\"203.0.113.7\"", journaled.Command);
    }

    [Fact]
    public async Task A_credit_retried_from_another_address_is_a_retry_and_operators_commands_carry_no_address()
    {
        var services = _app.Services;
        await services.GetRequiredService<ExchangeHost>().Ready;
        var id = await Operators.CreateAsync(services, "audit-address@test.local");
        var trading = services.GetRequiredService<TradingService>();

        var first = await trading.DepositAsync(id, Cash.FromDollars(5m), by: Actor.Admin("admin@test.local", "198.51.100.1"), idempotencyKey: "credit-1");
        var retry = await trading.DepositAsync(id, Cash.FromDollars(5m), by: Actor.Admin("admin@test.local", "198.51.100.2"), idempotencyKey: "credit-1");

        Assert.True(first.Succeeded);
        Assert.True(retry.Succeeded);
        var credits = await ReadAsync(db => db.AuditLog.Where(a => a.Action == "cash.credited" && a.Target == $"operator {id}").ToListAsync());
        Assert.Equal("198.51.100.1", Assert.Single(credits).Address);
        Assert.Equal(1, await ReadAsync(db => db.Journal.CountAsync(j => j.Type == "cash.deposit" && j.IdempotencyKey == "credit-1")));

        await trading.PlaceAsync(id, new PlaceOrderRequest(Core.Matching.Side.Buy, Core.Matching.OrderType.Limit, 0.0100m, 10));
        var order = await ReadAsync(db => db.Journal.OrderByDescending(j => j.Sequence).FirstAsync(j => j.Type == "order.submit"));
        Assert.DoesNotContain("address", order.Command);
    }
}
