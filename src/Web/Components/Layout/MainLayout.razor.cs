using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>
/// The shell around every page: app bar (ticker, theme switch, notifications, account), navigation drawer, and the
/// MudBlazor providers. The theme comes from the cascaded <see cref="DisplaySettings"/>.
/// </summary>
public partial class MainLayout
{
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private DisplaySettings Display { get; set; } = default!;

    // MudIconButton's classes for an icon button in the app bar's colour (Color.Inherit).
    internal const string InheritIconButton = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon";

    private bool _drawerOpen = true;
    private Shared.PageErrorBoundary? _boundary;
    private IJSObjectReference? _module;

    // Account pages render without a circuit (no render mode): their buttons must work as plain HTML.
    private bool IsStatic => AssignedRenderMode is null;

    // An interactive page drawn by the prerender, before its circuit attaches the handlers.
    private bool Booting => !IsStatic && !RendererInfo.IsInteractive;

    private string ThemeIcon => Display.Dark ? Icons.Material.Filled.LightMode : Icons.Material.Filled.DarkMode;

    private string ThemeTitle => Display.Dark ? "Switch to light mode" : "Switch to dark mode";

    private string ReturnUrl => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    protected override void OnInitialized() => Display.Changed += OnDisplayChanged;

    // A new page (the body changes on navigation) starts without the last page's error.
    protected override void OnParametersSet() => _boundary?.Recover();

    private void OnDisplayChanged() => StateHasChanged();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
            return;
        try
        {
            // Once per circuit: the browser's own zone and colour preference (cookies may be missing on a first visit).
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/display.js");
            Display.SetZone(await _module.InvokeAsync<string?>("zone"));
            Display.FollowSystem(await _module.InvokeAsync<bool>("systemDark"));
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkAsync()
    {
        Display.SetDark(!Display.Dark);
        await RememberAsync(DisplaySettings.ThemeCookie, Display.Dark ? "dark" : "light");
    }

    private async Task RememberAsync(string cookie, string value)
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/display.js");
            await _module.InvokeVoidAsync("remember", cookie, value);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public void Dispose() => Display.Changed -= OnDisplayChanged;
}
