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

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
