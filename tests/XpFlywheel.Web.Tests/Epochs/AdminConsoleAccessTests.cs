using Microsoft.Extensions.DependencyInjection;
using System.Net;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

public class AdminConsoleAccessTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> AdminPages =>
        ["/admin", "/admin/epochs", "/admin/epochs/1", "/admin/supply", "/admin/parameters", "/admin/users", "/admin/audit"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Visitors_are_sent_to_sign_in_for_every_admin_page(string path)
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Operators_are_denied_every_admin_page(string path)
    {
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(client, $"denied-{Guid.NewGuid():N}@test.local", "Operator1!");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admins_reach_every_admin_page(string path)
    {
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Overview", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_overview_shows_the_writer_its_journal_sequence_and_how_it_started()
    {
        await factory.Services.GetRequiredService<XpFlywheel.Web.Exchange.ExchangeHost>().Ready;
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);

        var html = await client.GetStringAsync("/admin");

        Assert.Contains("journal at sequence", html);
        Assert.Matches("started .* in \\d+ ms", html);
        Assert.Contains("nothing to replay", html);
        Assert.Matches("Result tables at sequence [\\d,]+ ·\\s+caught up", html);
    }

    [Fact]
    public async Task Admin_epoch_page_says_when_there_is_no_such_epoch()
    {
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);

        var html = await client.GetStringAsync("/admin/epochs/999999");

        Assert.Contains("There is no epoch 999999", html);
    }

    [Fact]
    public async Task Statement_download_needs_a_signed_in_operator()
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync("/epochs/1/statement.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/epochs")]
    [InlineData("/epochs/1")]
    public async Task Epoch_pages_are_public(string path)
    {
        var response = await factory.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
