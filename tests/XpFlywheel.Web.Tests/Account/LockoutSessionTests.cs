using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>An account an admin locks out stops acting through the browser at once: open tabs sign out, cookies stop validating.</summary>
public sealed class LockoutSessionTests : IDisposable
{
    private readonly AppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_open_tab_of_an_account_an_admin_locks_out_signs_out_at_once()
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        await Operators.CreateAsync(_app.Services, "locked-tab@test.local");
        using var circuit = _app.Services.CreateScope();
        var user = await circuit.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("locked-tab@test.local");
        var principal = await circuit.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user!);
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        using (var admin = _app.Services.CreateScope())
        {
            var users = admin.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var stamp = user!.SecurityStamp;
            var target = await users.FindByEmailAsync("locked-tab@test.local");
            Assert.True((await users.SetLockoutEndDateAsync(target!, AccountLockout.ByAdministratorEnd)).Succeeded);
            // The cookie's stamp no longer matches: its next request is signed out (checked on every request).
            Assert.NotEqual(stamp, (await users.FindByEmailAsync("locked-tab@test.local"))!.SecurityStamp);
        }

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(after.User.Identity?.IsAuthenticated ?? false);
    }

    [Fact]
    public async Task A_sign_in_cookie_of_an_account_an_admin_locks_out_is_refused_at_its_next_request()
    {
        var browser = _app.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(browser, "locked-cookie@test.local", "LockedOut1!");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/wallet")).StatusCode);

        using (var admin = _app.Services.CreateScope())
        {
            var users = admin.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var target = await users.FindByEmailAsync("locked-cookie@test.local");
            Assert.True((await users.SetLockoutEndDateAsync(target!, AccountLockout.ByAdministratorEnd)).Succeeded);
        }

        var after = await browser.GetAsync("/wallet");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString());
    }
}
