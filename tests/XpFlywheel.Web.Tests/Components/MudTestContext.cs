using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>A fresh bUnit context per test with MudBlazor registered as the app registers it.</summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }
}
