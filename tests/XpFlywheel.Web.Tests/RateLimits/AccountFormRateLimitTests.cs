using System.Net;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.RateLimits;

public sealed class AccountFormRateLimitTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task Form_posts_from_one_address_beyond_the_limit_are_refused_with_retry_after(string form)
    {
        _factory.Settings["RateLimits:AccountPostsPerMinute"] = "3";
        var client = _factory.CreateBrowserlikeClient();

        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsync(form, Form($"spray{i}@test.local"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }
        var refused = await client.PostAsync(form, Form("spray@test.local"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Try again", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(form)).StatusCode);
    }

    private static FormUrlEncodedContent Form(string email) => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["Input.Email"] = email,
        ["Input.Password"] = "Wrong123!",
    });
}
