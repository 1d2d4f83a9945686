using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.RateLimits;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Tests.Operations;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// With Redis configured, a key's rate limits are one budget however many nodes its requests reach; without Redis
/// answering, each node still limits on its own and nothing fails.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedRateLimitTests(PostgresServer server)
{
    [Fact]
    public async Task A_keys_order_budget_is_one_budget_across_nodes()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database, RedisConnectionString = redis.ConnectionString };
        leader.Settings["RateLimits:OrdersPer10Seconds"] = "4";
        var trader = await ApiClient.CreateAsync(leader, "shared-budget@test.local", dollars: 100);
        await using var follower = new AppFactory { PostgresConnectionString = database, RedisConnectionString = redis.ConnectionString };
        follower.Settings["RateLimits:OrdersPer10Seconds"] = "4";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var onFollower = follower.CreateClient();
        onFollower.DefaultRequestHeaders.Add("X-Api-Key", trader.Key);

        // Four orders, two through each node, spend the one budget of four...
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await PlaceAsync(trader.Http, i));
            answers.Add(await PlaceAsync(onFollower, 10 + i));
        }
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal("0", answers[^1].Headers.GetValues(ApiRateLimiter.OrdersRemainingHeader).Single());

        // ...so a fifth is refused on either node, and was not placed.
        var refused = await PlaceAsync(trader.Http, 20);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PlaceAsync(onFollower, 21)).StatusCode);
        var open = await trader.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open");
        Assert.Equal(4, open!.Total);

        // The request weight is one budget too: what one node spent, the other reports gone.
        var onLeader = long.Parse((await trader.Http.GetAsync("/api/v1/wallet")).Headers.GetValues(ApiRateLimiter.RemainingHeader).Single(), CultureInfo.InvariantCulture);
        var next = long.Parse((await onFollower.GetAsync("/api/v1/wallet")).Headers.GetValues(ApiRateLimiter.RemainingHeader).Single(), CultureInfo.InvariantCulture);
        Assert.True(next < onLeader, $"The follower reports {next} left after the leader reported {onLeader}.");
    }

    [Fact]
    public async Task When_redis_cannot_be_reached_each_node_still_limits_on_its_own_and_nothing_fails()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        await using var app = new AppFactory { RedisConnectionString = redis.ConnectionString };
        app.Settings["RateLimits:OrdersPer10Seconds"] = "3";
        var trader = await ApiClient.CreateAsync(app, "no-redis@test.local", dollars: 100);
        Assert.Equal(HttpStatusCode.Created, (await PlaceAsync(trader.Http, 0)).StatusCode);

        await redis.StopAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 1; i < 6; i++)
            answers.Add((await PlaceAsync(trader.Http, i)).StatusCode);
        // This node's own bucket (full when Redis went away) admits three, then refuses: never a 500.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, (await trader.Http.GetAsync("/api/v1/wallet")).StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_are_counted_once_across_nodes()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database, RedisConnectionString = redis.ConnectionString };
        leader.Settings["RateLimits:SignInFailuresPerIp"] = "4";
        await Operators.CreateAsync(leader.Services, "sprayed@test.local", "Sprayed123!");
        await using var follower = new AppFactory { PostgresConnectionString = database, RedisConnectionString = redis.ConnectionString };
        follower.Settings["RateLimits:SignInFailuresPerIp"] = "4";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());

        // Two wrong guesses on each node use the address's four...
        foreach (var node in new[] { leader, follower, leader, follower })
            Assert.Equal(Web.Account.SignInOutcome.Invalid, (await SignInAsync(node, "sprayed@test.local", "Wrong123!", "203.0.113.9")).Outcome);

        // ...so the right password from that address is refused on either, before it is checked.
        var (onLeader, retryAfter) = await SignInAsync(leader, "sprayed@test.local", "Sprayed123!", "203.0.113.9");
        Assert.Equal(Web.Account.SignInOutcome.Throttled, onLeader);
        Assert.True(retryAfter > TimeSpan.Zero);
        Assert.Equal(Web.Account.SignInOutcome.Throttled, (await SignInAsync(follower, "sprayed@test.local", "Sprayed123!", "203.0.113.9")).Outcome);
        // Another address is not slowed.
        Assert.Equal(Web.Account.SignInOutcome.Succeeded, (await SignInAsync(follower, "sprayed@test.local", "Sprayed123!", "198.51.100.9")).Outcome);
    }

    private static async Task<(Web.Account.SignInOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(AppFactory app, string email, string password, string address)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext =
            new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        return await scope.ServiceProvider.GetRequiredService<Web.Account.PasswordSignIn>().SignInAsync(email, password, remember: false, address);
    }

    private static Task<HttpResponseMessage> PlaceAsync(HttpClient http, int n) =>
        http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0100m + n * 0.0001m, quantity = 100 });
}
