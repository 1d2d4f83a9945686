using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

// Re-checks the security stamp (and standing) of a connected circuit every 30 minutes, so a changed password signs
// the user out of open tabs too; an account an admin locks out or deletes is checked at once (AccountStanding), so its
// open tabs sign out before they can act again. A change of the account's roles is taken up by its open tabs at once.
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> options;
    private readonly AccountStanding standing;
    private readonly Exchange.OperatorDirectory operators;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options, AccountStanding standing, Exchange.OperatorDirectory operators) : base(loggerFactory)
    {
        (this.scopeFactory, this.options, this.standing, this.operators) = (scopeFactory, options, standing, operators);
        standing.Suspended += OnSuspended;
        standing.RolesChanged += OnRolesChanged;
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

    // Some account's roles changed: this circuit takes up its own user's current roles if they differ from what it holds,
    // so a revoked admin's open admin page becomes "access denied" at once and a new admin's tab gains the admin pages.
    // Only the circuit of that operator reads anything (its operator id is cached from the page's first load).
    private void OnRolesChanged(long operatorId) => _ = RefreshRolesAsync(operatorId);

    private async Task RefreshRolesAsync(long operatorId)
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated != true || state.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
                || await operators.FindOperatorIdAsync(userId) != operatorId)
                return;
            var (active, admin) = await standing.StandingOfAsync(userId);
            if (active && state.User.IsInRole(Roles.Admin) == admin)
                return;
            await using var scope = scopeFactory.CreateAsyncScope();
            // A stale stamp or an account that no longer stands signs the tab out rather than renewing it.
            var principal = active ? await CurrentRoles.RefreshAsync(scope.ServiceProvider, state.User, userId) : null;
            NotifyAuthenticationStateChanged(Task.FromResult(new AuthenticationState(principal ?? new ClaimsPrincipal(new ClaimsIdentity()))));
        }
        catch (Exception error) when (error is InvalidOperationException or ObjectDisposedException)
        {
            // The circuit is going or has no state yet: nothing to change.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            standing.Suspended -= OnSuspended;
            standing.RolesChanged -= OnRolesChanged;
        }
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
            // The roles too, for a node that missed a role change's signal: a tab whose admin role is out of date signs out.
            return principalStamp == userStamp && !AccountLockout.IsLockedOut(user)
                && principal.IsInRole(Roles.Admin) == await userManager.IsInRoleAsync(user, Roles.Admin);
        }
    }
}
