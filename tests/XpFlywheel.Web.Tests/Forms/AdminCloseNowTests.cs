using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>The admin's Close now on /admin asks first, and keeps the keyboard where it was when the answer is no.</summary>
public sealed class AdminCloseNowTests : MudTestContext
{
    private readonly AppFactory _app = new();
    private readonly IServiceScope _scope;

    public AdminCloseNowTests()
    {
        // The page and its panels read the running app's services (epochs, supply, the writer, the market feed).
        _scope = _app.Services.CreateScope();
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        _scope.Dispose();
        _app.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// While the close's confirmation is open Close now stays enabled (a second press opens no second dialog and closes
    /// nothing): a disabled button drops the keyboard focus to the page body, so Cancel or Escape would give it back
    /// there. Declined, the epoch stays open.
    /// </summary>
    [Fact]
    public async Task Close_now_stays_enabled_while_its_confirmation_is_open_and_declining_closes_nothing()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var dialogs = SignInAsAdmin();
        var cut = Render<AdminHome>();
        AngleSharp.Dom.IElement CloseNow() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Close now");
        cut.WaitForAssertion(() => CloseNow(), TimeSpan.FromSeconds(20));
        var open = await OpenEpochAsync();

        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var clicked = cut.InvokeAsync(() => CloseNow().ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains($"Close epoch {open} now?", dialogs.Markup));
        Assert.False(CloseNow().HasAttribute("disabled"));
        await cut.InvokeAsync(() => CloseNow().ClickAsync(new()));
        Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Close now");
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await clicked;

        cut.WaitForAssertion(() => Assert.False(CloseNow().HasAttribute("disabled")));
        Assert.Equal(open, await OpenEpochAsync());
    }

    private async Task<long> OpenEpochAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Epochs.Where(e => e.Status == EpochStatus.Open).Select(e => e.Number).SingleAsync();
    }
}
