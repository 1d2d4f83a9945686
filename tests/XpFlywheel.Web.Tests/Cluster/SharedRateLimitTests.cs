using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
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
        // Two orders per 10 s: one token back every 5 s, far longer than the test's requests take.
        await using var nodes = await TwoNodes.StartAsync(server, "RateLimits:OrdersPer10Seconds", "2");
        var trader = await ApiClient.CreateAsync(nodes.Leader, "shared-budget@test.local", dollars: 100);
        var onFollower = nodes.OnFollower(trader.Key);

        // One order through each node spends the one budget of two...
        var first = await PlaceAsync(trader.Http, 0);
        var second = await PlaceAsync(onFollower, 1);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("0", second.Headers.GetValues(ApiRateLimiter.OrdersRemainingHeader).Single());

        // ...so a third is refused on either node, and was not placed.
        var refused = await PlaceAsync(trader.Http, 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PlaceAsync(onFollower, 3)).StatusCode);
        var open = await trader.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open");
        Assert.Equal(2, open!.Total);
    }

    [Fact]
    public async Task A_keys_request_weight_is_one_budget_across_nodes()
    {
        // Ten a minute: one back every 6 s.
        await using var nodes = await TwoNodes.StartAsync(server, "RateLimits:ApiWeightPerMinute", "10");
        var reader = await ApiClient.CreateAsync(nodes.Leader, "shared-weight@test.local");
        var onFollower = nodes.OnFollower(reader.Key);

        // Sixteen reads of weight 1, alternating nodes: counted per node, all sixteen would pass.
        var admitted = 0;
        var last = new List<HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            var answer = await (i % 2 == 0 ? reader.Http : onFollower).GetAsync("/api/v1/wallet");
            if (answer.StatusCode == HttpStatusCode.OK)
                admitted++;
            else
                Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
            if (i >= 14)
                last.Add(answer.StatusCode);
        }
        Assert.InRange(admitted, 10, 11);
        Assert.All(last, status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
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
        await using var nodes = await TwoNodes.StartAsync(server, "RateLimits:SignInFailuresPerIp", "4");
        var (leader, follower) = (nodes.Leader, nodes.Follower);
        await Operators.CreateAsync(leader.Services, "sprayed@test.local", "Sprayed123!");

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

    [Fact]
    public async Task Sign_in_form_posts_from_one_address_are_one_budget_across_nodes()
    {
        await using var nodes = await TwoNodes.StartAsync(server, "RateLimits:AccountPostsPerMinute", "2");
        var onLeader = nodes.Leader.CreateBrowserlikeClient();
        var onFollower = nodes.Follower.CreateBrowserlikeClient();

        // One post through each node spends the address's two...
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await onLeader.PostAsync("/Account/Login", LoginForm())).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await onFollower.PostAsync("/Account/Login", LoginForm())).StatusCode);

        // ...so the next is refused on either, with the wait.
        var refused = await onLeader.PostAsync("/Account/Login", LoginForm());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onFollower.PostAsync("/Account/Login", LoginForm())).StatusCode);
    }

    [Fact]
    public async Task Market_hub_connections_from_one_address_are_one_cap_across_nodes()
    {
        await using var nodes = await TwoNodes.StartAsync(server, "RateLimits:HubConnectionsPerIp", "2");
        await using var first = MarketHubClient.Connect(nodes.Leader);
        await using var second = MarketHubClient.Connect(nodes.Follower);
        await first.StartAsync();
        await second.StartAsync();
        // A client's start completes with the handshake, before the server has admitted it (taken its place); the
        // server answers a call only after that, so one call each makes sure both places are held.
        Assert.NotNull(await first.InvokeAsync<Web.Market.TickerMessage>("GetTicker"));
        Assert.NotNull(await second.InvokeAsync<Web.Market.TickerMessage>("GetTicker"));

        // Two places across the nodes: a third is refused on either.
        foreach (var node in new[] { nodes.Leader, nodes.Follower })
        {
            await using var third = MarketHubClient.Connect(node);
            Assert.Contains("rate_limited", (await MarketHubClient.RefusedAsync(third))?.Message ?? "");
        }

        // A place given back on one node is free on the other.
        await first.StopAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var again = MarketHubClient.Connect(nodes.Follower);
            try
            {
                await again.StartAsync();
                Assert.NotNull(await again.InvokeAsync<Web.Market.TickerMessage>("GetTicker"));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static FormUrlEncodedContent LoginForm() => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["Input.Email"] = "nobody@test.local",
        ["Input.Password"] = "Wrong123!",
    });

    private static async Task<(Web.Account.SignInOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(AppFactory app, string email, string password, string address)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext =
            new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        return await scope.ServiceProvider.GetRequiredService<Web.Account.PasswordSignIn>().SignInAsync(email, password, remember: false, address);
    }

    private static Task<HttpResponseMessage> PlaceAsync(HttpClient http, int n) =>
        http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0100m + n * 0.0001m, quantity = 100 });

    // A leader and a follower on a new database, sharing a private Redis, both with one setting.
    private sealed class TwoNodes : IAsyncDisposable
    {
        private TwoNodes(RedisServer redis, AppFactory leader, AppFactory follower) => (Redis, Leader, Follower) = (redis, leader, follower);

        public RedisServer Redis { get; }
        public AppFactory Leader { get; }
        public AppFactory Follower { get; }

        public static async Task<TwoNodes> StartAsync(PostgresServer server, string setting, string value)
        {
            var redis = new RedisServer();
            await redis.InitializeAsync();
            var database = await server.CreateDatabaseAsync();
            // A Redis call slower than its timeout (1 s by default) falls back to the node's own count, by design; on a
            // loaded test machine a script call can take that long, and then a shared count was missed. These tests
            // are about sharing, so their calls may take up to 10 s (the fall-back has its own test).
            var shared = redis.ConnectionString + ",asyncTimeout=10000,syncTimeout=10000";
            var leader = new AppFactory { PostgresConnectionString = database, RedisConnectionString = shared };
            leader.Settings[setting] = value;
            await WriterHealth.WaitUntilHealthyAsync(leader.CreateClient());
            var follower = new AppFactory { PostgresConnectionString = database, RedisConnectionString = shared };
            follower.Settings[setting] = value;
            await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
            // Redis connects in the background (a node never waits on it to serve): until it has, each node counts
            // alone, so the shared counts are tested only once both are connected.
            await ConnectedToRedisAsync(leader);
            await ConnectedToRedisAsync(follower);
            return new TwoNodes(redis, leader, follower);
        }

        private static async Task ConnectedToRedisAsync(AppFactory node)
        {
            var redis = node.Services.GetRequiredService<Web.Cluster.RedisConnection>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!redis.TryGet(out _))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException("The node did not connect to Redis within 30 s.");
                await Task.Delay(50);
            }
        }

        /// <summary>A client of the follower that sends <paramref name="key"/>.</summary>
        public HttpClient OnFollower(string key)
        {
            var http = Follower.CreateClient();
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            return http;
        }

        public async ValueTask DisposeAsync()
        {
            await Follower.DisposeAsync();
            await Leader.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }
}
