using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The audit log names an operator by id, as journaled; the page shows who that is beside it.</summary>
public sealed class AuditOperatorsTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public AuditOperatorsTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Theory]
    [InlineData("operator 37", 37L)]
    [InlineData("operator 0037", 37L)]
    [InlineData("operator", null)]
    [InlineData("operator 37 and more", null)]
    [InlineData("an operator 37", null)]
    [InlineData("operator 99999999999999999999", null)]
    [InlineData("epoch 4", null)]
    [InlineData(null, null)]
    public void An_audit_text_names_an_operator_only_as_operator_and_its_id(string? text, long? id) =>
        Assert.Equal(id, AuditOperators.IdIn(text));

    [Fact]
    public async Task An_audited_credit_shows_the_credited_operators_email_beside_their_id()
    {
        var services = _app.Services;
        await services.GetRequiredService<ExchangeHost>().Ready;
        var email = $"credited-{Guid.NewGuid():N}@test.local";
        var id = await Operators.CreateAsync(services, email);
        var credited = await services.GetRequiredService<TradingService>().DepositAsync(id, Cash.FromDollars(7m), by: Actor.Admin("admin@test.local", "192.0.2.9"));
        Assert.True(credited.Succeeded);

        var cut = Render<AdminAudit>();

        cut.WaitForAssertion(() =>
        {
            var row = cut.FindAll("[data-testid=audit-table] tbody tr").Single(r => r.TextContent.Contains("cash.credited"));
            var target = row.QuerySelector("td[data-label=Target]")!;
            Assert.Equal($"operator {id} ({email})", target.TextContent.Trim());
            Assert.Equal("admin@test.local", row.QuerySelector("td[data-label=Actor]")!.TextContent.Trim());
        }, TimeSpan.FromSeconds(10));
    }
}
