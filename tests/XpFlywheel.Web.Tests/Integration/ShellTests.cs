using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Tests.Integration;

public class ShellTests : IClassFixture<AppFactory>
{
    private readonly AppFactory _factory;

    public ShellTests(AppFactory factory) => _factory = factory;

    /// <summary>A visitor's skip link on /market says where it leads (the sign-in prompt), not to an order ticket they do not have.</summary>
    [Fact]
    public async Task A_visitors_skip_link_on_the_market_leads_to_sign_in_not_to_a_ticket()
    {
        var html = await _factory.CreateBrowserlikeClient().GetStringAsync("/market");

        Assert.Contains("Skip to sign in to trade", html);
        Assert.DoesNotContain("Skip to the order ticket", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/market")]
    [InlineData("/leaderboard")]
    [InlineData("/tiers")]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task Public_pages_answer_visitors(string path)
    {
        var response = await _factory.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("XP Flywheel", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/wallet")]
    [InlineData("/agents")]
    [InlineData("/locks")]
    [InlineData("/Account/Manage")]
    public async Task Anonymous_users_are_sent_to_log_in(string path)
    {
        var response = await _factory.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Health_is_healthy_once_the_database_answers_and_the_exchange_runs()
    {
        await _factory.Services.GetRequiredService<ExchangeHost>().Ready;

        var response = await _factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Operator_gets_no_admin_page()
    {
        var client = _factory.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(client, "plain-operator@test.local", "Operator1!");

        var response = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Admin_reaches_the_admin_page()
    {
        var client = _factory.CreateBrowserlikeClient();
        var login = await FormLogin.LoginAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var response = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Registered_operator_gets_the_operator_role_and_an_empty_wallet()
    {
        var client = _factory.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(client, "new-operator@test.local", "Operator1!");

        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("new-operator@test.local");
        Assert.NotNull(user);
        Assert.True(await users.IsInRoleAsync(user, Roles.Operator));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var wallet = await db.Wallets.SingleAsync(w => w.UserId == user.Id);
        Assert.Equal(0, wallet.CashAvailable + wallet.CashHeld + wallet.XpAvailable + wallet.XpHeld + wallet.XpLocked + wallet.XpUnlocking);

        var page = await client.GetStringAsync("/wallet");
        Assert.Contains("Your wallet is empty", page);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_message()
    {
        var client = _factory.CreateBrowserlikeClient();

        var response = await FormLogin.LoginAsync(client, AppFactory.AdminEmail, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid email or password.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registration_with_mismatched_passwords_is_refused_and_creates_nothing()
    {
        var client = _factory.CreateBrowserlikeClient();
        var response = await FormLogin.PostFormAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "mismatch@test.local",
            ["Input.Password"] = "Operator1!",
            ["Input.ConfirmPassword"] = "Operator2!",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The two passwords do not match.", await response.Content.ReadAsStringAsync());
        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync("mismatch@test.local"));
    }
}
