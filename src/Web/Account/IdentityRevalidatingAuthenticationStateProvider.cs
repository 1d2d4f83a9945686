using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

// Re-checks the security stamp (and standing) of a connected circuit every 30 minutes, so a changed password signs
// the user out of open tabs too; an account an admin locks out or deletes is checked at once (AccountStanding), so its
// open tabs sign out before they can act again.
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> options;
    private readonly AccountStanding standing;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options, AccountStanding standing) : base(loggerFactory)
    {
        (this.scopeFactory, this.options, this.standing) = (scopeFactory, options, standing);
        standing.Suspended += OnSuspended;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(30);

    // Some account was suspended: this circuit checks its own user now and signs out if that was it.
    private void OnSuspended(long operatorId) => _ = RevalidateNowAsync();

    private async Task RevalidateNowAsync()
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated == true && !await ValidateAuthenticationStateAsync(state, CancellationToken.None))
                NotifyAuthenticationStateChanged(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
        catch (Exception error) when (error is InvalidOperationException or ObjectDisposedException)
        {
            // The circuit is going or has no state yet: nothing to sign out.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            standing.Suspended -= OnSuspended;
        base.Dispose(disposing);
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp && !AccountLockout.IsLockedOut(user);
        }
    }
}
