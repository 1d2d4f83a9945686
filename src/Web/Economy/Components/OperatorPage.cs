using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy.Components;

/// <summary>
/// Base for economy pages: finds the signed-in operator (null for visitors) and subscribes to the exchange feed once
/// the circuit is interactive, refreshing at most ten times a second however many events arrive.
/// </summary>
public abstract class OperatorPage : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private LiveRefresh? _live;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }
    [Inject] protected OperatorDirectory Directory { get; set; } = default!;
    [Inject] protected ExchangeFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    protected long? OperatorId { get; private set; }
    protected ClaimsPrincipal? User { get; private set; }

    protected async Task FindOperatorAsync()
    {
        if (AuthenticationState is null)
            return;
        User = (await AuthenticationState).User;
        if (User.Identity?.IsAuthenticated == true)
            OperatorId = await Directory.FindOperatorIdAsync(User);
    }

    /// <summary>Whether this page refreshes on <paramref name="exchangeEvent"/>.</summary>
    protected virtual bool Wants(ExchangeEvent exchangeEvent) => false;

    /// <summary>Reloads what the page shows after a relevant event; runs on the renderer.</summary>
    protected virtual Task RefreshAsync() => Task.CompletedTask;

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _live = new LiveRefresh(Clock, InvokeAsync, RefreshAndRenderAsync);
        _subscription = Feed.Subscribe(e =>
        {
            if (Wants(e))
                _live.Signal();
        });
    }

    private async Task RefreshAndRenderAsync()
    {
        try
        {
            await RefreshAsync();
            StateHasChanged();
        }
        catch (Exception error)
        {
            await DispatchExceptionAsync(error);
        }
    }

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
