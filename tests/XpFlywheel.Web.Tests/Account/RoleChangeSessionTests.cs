using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>
/// A change of an account's admin role takes effect at once, not at its next sign-in: a revoked admin's cookie and open
/// tabs lose the admin pages (and what they can do) at their next request, and stay signed in as the operator they are.
/// </summary>
public sealed class RoleChangeSessionTests : IDisposable
{
    private readonly AppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task SetAdminAsync(string email, bool admin)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        var result = admin ? await users.AddToRoleAsync(user!, Roles.Admin) : await users.RemoveFromRoleAsync(user!, Roles.Admin);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task A_revoked_admins_sign_in_cookie_loses_the_admin_pages_at_its_next_request()
    {
        var browser = _app.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(browser, "demoted@test.local", "Demoted1!");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/users")).StatusCode);

        // Granted after this cookie was issued: the next request already has the admin pages.
        await SetAdminAsync("demoted@test.local", admin: true);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);

        await SetAdminAsync("demoted@test.local", admin: false);

        var denied = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/supply")).StatusCode);
        // Still signed in, as the operator the account is.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/wallet")).StatusCode);
    }

    [Fact]
    public async Task An_open_tab_of_a_revoked_admin_loses_the_admin_role_at_once_and_stays_signed_in()
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        await Operators.CreateAsync(_app.Services, "demoted-tab@test.local");
        await SetAdminAsync("demoted-tab@test.local", admin: true);
        using var circuit = _app.Services.CreateScope();
        var user = await circuit.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("demoted-tab@test.local");
        var principal = await circuit.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user!);
        Assert.True(principal.IsInRole(Roles.Admin));
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        await SetAdminAsync("demoted-tab@test.local", admin: false);

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(after.User.Identity?.IsAuthenticated);
        Assert.False(after.User.IsInRole(Roles.Admin));
        Assert.Equal("demoted-tab@test.local", after.User.Identity!.Name);
    }

    private async Task RenewStampAsync(string email)
    {
        // What a password change made elsewhere does to this account's other sign-ins.
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!)).Succeeded);
    }

    [Fact]
    public async Task A_role_change_never_renews_a_sign_in_cookie_whose_stamp_is_stale()
    {
        var browser = _app.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(browser, "stale-cookie@test.local", "StaleCookie1!");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/wallet")).StatusCode);
        await RenewStampAsync("stale-cookie@test.local");

        await SetAdminAsync("stale-cookie@test.local", admin: true);

        var after = await browser.GetAsync("/wallet");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_signs_out_an_open_tab_whose_stamp_is_stale_rather_than_renewing_it()
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        await Operators.CreateAsync(_app.Services, "stale-tab@test.local");
        await SetAdminAsync("stale-tab@test.local", admin: true);
        using var circuit = _app.Services.CreateScope();
        var user = await circuit.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("stale-tab@test.local");
        var principal = await circuit.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user!);
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);
        await RenewStampAsync("stale-tab@test.local");

        await SetAdminAsync("stale-tab@test.local", admin: false);

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(after.User.Identity?.IsAuthenticated ?? false);
    }
}
