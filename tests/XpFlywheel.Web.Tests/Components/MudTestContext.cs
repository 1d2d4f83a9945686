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

    /// <summary>
    /// Waits until the last element given keyboard focus (an element reference's <c>FocusAsync</c>) is
    /// <paramref name="element"/>. Polled, not re-checked on renders as <c>WaitForAssertion</c> is: a component
    /// focuses in <c>OnAfterRenderAsync</c>, after the render that a wait would have checked, and a page with nothing
    /// live renders no more after it.
    /// </summary>
    protected async Task AssertFocusReachesAsync(Func<Microsoft.AspNetCore.Components.ElementReference> element)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (waited.Elapsed < DefaultWaitTimeout)
        {
            // Read on the renderer's dispatcher, where components make their calls: the list is not safe to read
            // while a call is being added to it.
            // Projected before LastOrDefault: an invocation is a struct, so "none yet" must be a null id, not a default one.
            last = await Renderer.Dispatcher.InvokeAsync(() => JSInterop.Invocations
                .Where(i => i.Identifier == "Blazor._internal.domWrapper.focus")
                .Select(i => ((Microsoft.AspNetCore.Components.ElementReference)i.Arguments[0]!).Id)
                .LastOrDefault());
            if (last is not null && last == element().Id)
                return;
            await Task.Delay(20);
        }
        Assert.Fail($"Keyboard focus did not reach the element within {DefaultWaitTimeout.TotalSeconds:F0} s; the last focused was {last ?? "none"}.");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
