using MudBlazor.Services;
using XpFlywheel.Web.Components.Layout;

namespace XpFlywheel.Web.Components;

public static class ShellExtensions
{
    /// <summary>Interactive server rendering with prerendering, and MudBlazor.</summary>
    public static WebApplicationBuilder AddShell(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Notices (an epoch closed, a parameter applied) rise from the bottom, as Material's snackbars do: at the top
        // right they covered the app bar and the page's heading on a phone for their ten seconds.
        builder.Services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddScoped<AppBarMenus>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication UseShell(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapShell(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapDisplay();
        // The frame ban is part of the app's own policy (Operations/SecurityHeaders.cs); one policy, one place.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
