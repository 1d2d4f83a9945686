using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>Operators choose the name boards show; it follows the name rule of agents and keys.</summary>
public sealed class DisplayNameTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Client, long OperatorId)> SignedInAsync(string email)
    {
        var operatorId = await Operators.CreateAsync(factory.Services, email);
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, "Operator1!");
        return (client, operatorId);
    }

    private async Task<string?> StoredAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.DisplayName;
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string name) =>
        FormLogin.PostFormAsync(client, "/Account/Manage", "display-name", new Dictionary<string, string> { ["Input.DisplayName"] = name });

    [Fact]
    public async Task OperatorDisplayName_ReplacesTheEmailPrefix_OnLeaderboardAndAgents()
    {
        var kit = new EconomyKit(factory.Services);
        var (client, me) = await SignedInAsync("hidden-prefix@test.local");
        var agent = await kit.AgentAsync(me, "Owl Scout");

        var saved = await SaveAsync(client, "  Night   Owl Labs ");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Night Owl Labs", await StoredAsync("hidden-prefix@test.local"));
        var board = (await kit.Board.PageAsync(new XpFlywheel.Web.Economy.LeaderboardQuery(Search: "Owl Scout"))).Items.Single();
        Assert.Equal("Night Owl Labs", board.OperatorName);
        var detail = await factory.CreateBrowserlikeClient().GetStringAsync($"/agents/{agent}");
        Assert.Contains("Night Owl Labs", detail);
        Assert.DoesNotContain("hidden-prefix", detail);
    }

    [Theory]
    [InlineData("Evil\u202Egnp", "cannot contain")]
    [InlineData("---", "needs at least one letter or digit")]
    [InlineData("A name far longer than the forty characters allowed", "at most 40 characters")]
    public async Task OperatorDisplayName_OutsideTheNameRule_IsRefusedAndChangesNothing(string name, string message)
    {
        var email = $"rule-{Guid.NewGuid():N}@test.local";
        var (client, _) = await SignedInAsync(email);

        var response = await SaveAsync(client, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Null(await StoredAsync(email));
    }

    [Fact]
    public void OperatorDisplayName_Blank_GoesBackToTheEmailPrefix()
    {
        Assert.Equal((null, null), OperatorNames.Check("   "));
        Assert.Equal("jane", OperatorNames.Of(null, "jane@example.com", 4));
        Assert.Equal("operator 4", OperatorNames.Of(null, null, 4));
    }
}
