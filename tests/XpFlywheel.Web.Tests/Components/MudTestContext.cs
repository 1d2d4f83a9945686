using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// A fresh bUnit context per test with MudBlazor registered as the app registers it. Disposed asynchronously:
/// some MudBlazor services (the key interceptor behind chips and menus) only support async disposal.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    // Pages under test load from a real app (SQLite, or PostgreSQL in the suite's second run) on a shared two-core
    // machine: bUnit's one-second default for a wait timed out once on a page still loading. A wait still ends as soon
    // as its assertion passes.
    static MudTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // Live components space their refreshes on the app's clock; a test may register its own after this.
        Services.AddSingleton(TimeProvider.System);
    }

    /// <summary>
    /// Renders as an interactive circuit signed in as the admin (role, admin policy and user id), as /admin pages are
    /// used; a page's dialogs render in the returned provider.
    /// </summary>
    protected IRenderedComponent<MudBlazor.MudDialogProvider> SignInAsAdmin()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@test.local");
        auth.SetRoles(XpFlywheel.Web.Account.Roles.Admin);
        auth.SetPolicies(XpFlywheel.Web.Account.AccountExtensions.AdminPolicy);
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-id"));
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render<MudBlazor.MudDialogProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
