using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed partial class ApiKeysPageTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public ApiKeysPageTests()
    {
        foreach (var type in new[] { typeof(ApiKeyService), typeof(OperatorDirectory), typeof(TimeProvider), typeof(Web.Settings.AuditLog) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task A_double_click_on_create_key_creates_one_key_and_keeps_its_secret_on_screen()
    {
        var (operatorId, cut) = await SignedInPageAsync("keys-double@test.local");
        cut.WaitForAssertion(() => cut.Find("button:contains('Create key')"));
        cut.OnRenderer(() => cut.Find($"input[maxlength='{FieldLength.Over(ApiKeyService.MaxName)}']").Change("bot"));

        await DoubleClick.OnAsync(cut, "Create key");

        cut.WaitForAssertion(() => Assert.Matches(Secret(), cut.Markup));
        Assert.Empty(cut.FindAll(".mud-input-error"));
        Assert.Single(await _app.Services.GetRequiredService<ApiKeyService>().ListAsync(operatorId));
    }

    /// <summary>A refused attempt after a key was created does not read as "created": the banner says the key shown is the earlier one.</summary>
    [Fact]
    public async Task A_refused_create_after_a_key_says_the_secret_shown_is_the_earlier_key()
    {
        var (operatorId, cut) = await SignedInPageAsync("keys-refused@test.local");
        cut.WaitForAssertion(() => cut.Find("button:contains('Create key')"));
        cut.OnRenderer(() => cut.Find($"input[maxlength='{FieldLength.Over(ApiKeyService.MaxName)}']").Change("first"));
        await cut.OnRenderer(() => cut.Find("button:contains('Create key')").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Contains("created. Copy it now", cut.Find("[data-testid=new-api-key]").TextContent));

        cut.OnRenderer(() => cut.Find($"input[maxlength='{FieldLength.Over(ApiKeyService.MaxName)}']").Change("second<"));
        await cut.OnRenderer(() => cut.Find("button:contains('Create key')").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("No new key was created", cut.Find("[data-testid=new-api-key]").TextContent));
        Assert.Contains("first", cut.Find("[data-testid=new-api-key]").TextContent);
        Assert.DoesNotContain("created. Copy it now", cut.Markup);
        Assert.Single(await _app.Services.GetRequiredService<ApiKeyService>().ListAsync(operatorId));
    }

    /// <summary>Revoking the key whose secret the banner shows takes the secret off the screen: it is no longer worth copying.</summary>
    [Fact]
    public async Task Revoking_the_key_just_created_takes_its_secret_off_the_screen()
    {
        var (operatorId, cut) = await SignedInPageAsync("keys-revoke-shown@test.local");
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        cut.WaitForAssertion(() => cut.Find("button:contains('Create key')"));
        cut.OnRenderer(() => cut.Find($"input[maxlength='{FieldLength.Over(ApiKeyService.MaxName)}']").Change("bot"));
        await cut.OnRenderer(() => cut.Find("button:contains('Create key')").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Matches(Secret(), cut.Markup));

        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke it?", dialogs.Markup));
        dialogs.OnRenderer(() => dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        cut.WaitForAssertion(() => Assert.DoesNotMatch(Secret(), cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=new-api-key]"));
        Assert.NotNull(Assert.Single(await _app.Services.GetRequiredService<ApiKeyService>().ListAsync(operatorId)).RevokedAt);
    }

    /// <summary>The audit of a new key records its networks as the key holds them (1.2.3.4/32), as its list shows them, not the text as typed.</summary>
    [Fact]
    public async Task A_new_keys_audit_records_its_networks_as_the_key_holds_them()
    {
        var (operatorId, cut) = await SignedInPageAsync("keys-audit-networks@test.local");
        cut.WaitForAssertion(() => cut.Find("button:contains('Create key')"));
        cut.OnRenderer(() => cut.Find($"input[maxlength='{FieldLength.Over(ApiKeyService.MaxName)}']").Change("bot"));
        cut.OnRenderer(() => cut.Find("input[placeholder^='e.g. 203.0.113.7']").Change("1.2.3.4,,"));
        await cut.OnRenderer(() => cut.Find("button:contains('Create key')").ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Matches(Secret(), cut.Markup));

        var key = Assert.Single(await _app.Services.GetRequiredService<ApiKeyService>().ListAsync(operatorId));
        Assert.Equal(["1.2.3.4/32"], key.AllowedNetworks);
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var audit = Assert.Single(db.AuditLog.Where(a => a.Action == "api key created" && a.Actor == "keys-audit-networks@test.local").ToList());
        Assert.EndsWith("networks 1.2.3.4/32", audit.After);
    }

    // The API keys page, interactive, for a new operator signed in as <paramref name="email"/>.
    private async Task<(long OperatorId, IRenderedComponent<ApiKeysPage> Page)> SignedInPageAsync(string email)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        using (var scope = _app.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
            var auth = AddAuthorization();
            auth.SetAuthorized(email);
            auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user!.Id));
        }
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return (operatorId, Render<ApiKeysPage>());
    }

    [GeneratedRegex("xpf_[0-9a-f]{64}")]
    private static partial Regex Secret();
}
