using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>
/// A return URL comes from the query string, so anyone can write one into a link. Signing in, registering and
/// signing out only ever send the browser to a page of this app; anything else falls back to a local page.
/// </summary>
public partial class ReturnUrlTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Password = "Operator1!";
    private static readonly Uri App = new("http://localhost/");

    // Query-string values exactly as an attacker types them into a link.
    public static TheoryData<string> OffSite =>
    [
        "https%3A%2F%2Fevil.example%2F",
        "https://evil.example/",
        "//evil.example/",
        "%2F%2Fevil.example%2F",
        "%2F%5Cevil.example%2F",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "javascript%3Aalert(1)",
        "%20%2F%2Fevil.example",
        "%2F%09%2Fevil.example",
        "~%2F%2Fevil.example",
        "http%3A%2F%2Flocalhost%2Fwallet",
    ];

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task Login_with_an_off_site_return_url_lands_on_the_market(string returnUrl)
    {
        var email = await OperatorAsync();
        var client = factory.CreateBrowserlikeClient();

        var response = await PostLoginAsync(client, email, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(App, "/market"), Target(response));
        Assert.True((await client.GetAsync("/wallet")).IsSuccessStatusCode, "the sign-in itself must still succeed");
    }

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task Register_with_an_off_site_return_url_confirms_into_a_login_that_lands_on_the_wallet(string returnUrl)
    {
        var email = $"reg-{Guid.NewGuid():N}@test.local";
        var client = factory.CreateBrowserlikeClient();

        var response = await FormLogin.PostFormAsync(client, $"/Account/Register?ReturnUrl={returnUrl}", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(App, "/Account/RegisterConfirmation"), Target(response));
        var link = await FormLogin.ConfirmationLinkAsync(client, email);
        Assert.NotNull(link);
        Assert.Contains("returnUrl=wallet", link);
        Assert.Contains("Account/Login?returnUrl=wallet", await client.GetStringAsync(link));
        using var scope = factory.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.EmailConfirmed);
    }

    [Theory]
    [InlineData("%2Fwallet", "/wallet")]
    [InlineData("wallet%3Ftab%3D2", "/wallet?tab=2")]
    [InlineData("%2Fagents%2F7", "/agents/7")]
    [InlineData("%2F%255Cevil.example", "/%5Cevil.example")]
    public async Task Login_with_a_local_return_url_goes_back_to_it(string returnUrl, string expected)
    {
        var email = await OperatorAsync();

        var response = await PostLoginAsync(factory.CreateBrowserlikeClient(), email, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(App, expected), Target(response));
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("\\\\evil.example", "/")]
    [InlineData("market", "/market")]
    [InlineData("/wallet", "/wallet")]
    public async Task Logout_returns_only_to_a_page_of_this_app(string returnUrl, string expected)
    {
        var email = await OperatorAsync();
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(client, email, Password);
        var token = AntiforgeryToken().Match(await client.GetStringAsync("/wallet")).Groups[1].Value;

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["returnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(App, expected), Target(response));
    }

    [Theory]
    [InlineData("/wallet", true)]
    [InlineData("~/wallet", true)]
    [InlineData("wallet?tab=2", true)]
    [InlineData("agents/3#jobs", true)]
    [InlineData("", false)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("\\\\evil.example", false)]
    [InlineData("~//evil.example", false)]
    [InlineData("https:evil.example", false)]
    [InlineData("http://localhost/wallet", false)]
    [InlineData(" //evil.example", false)]
    [InlineData("\t//evil.example", false)]
    [InlineData("/wallet\r\nSet-Cookie: x=1", false)]
    public void Only_paths_inside_the_app_are_local(string url, bool local) =>
        Assert.Equal(local, ReturnUrls.IsLocal(url));

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string returnUrl) =>
        FormLogin.PostFormAsync(client, $"/Account/Login?ReturnUrl={returnUrl}", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });

    private async Task<string> OperatorAsync()
    {
        var email = $"op-{Guid.NewGuid():N}@test.local";
        await Operators.CreateAsync(factory.Services, email, Password);
        return email;
    }

    // Where a browser goes: the Location header resolved against the page, as a browser resolves it.
    private static Uri Target(HttpResponseMessage response) => new(App, response.Headers.Location!);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
