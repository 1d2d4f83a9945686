using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

public sealed class MarketStatePanelTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public MarketStatePanelTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<ExchangeFeed>());
        Services.AddSingleton(_app.Services.GetRequiredService<TradingService>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task HaltTrading_AsksForConfirmation_AndCancelChangesNothing()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var feed = _app.Services.GetRequiredService<ExchangeFeed>();
        AddAuthorization().SetAuthorized("admin@test.local");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<MarketStatePanel>();

        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Halt trading")).Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Halt trading?", dialogs.Markup));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Halt trading?", dialogs.Markup));
        Assert.False(feed.Book.Halted);

        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Halt trading")).Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Halt trading?", dialogs.Markup));
        dialogs.OnRenderer(() => dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Halt trading").Click());

        cut.WaitForAssertion(() => Assert.True(feed.Book.Halted), TimeSpan.FromSeconds(10));
    }
}
