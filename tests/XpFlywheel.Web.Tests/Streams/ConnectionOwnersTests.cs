using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Market;
using System.Text.Json;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Streams;

/// <summary>
/// A stream's connection token names one connection in every long poll and send, and is easily logged on the way; it
/// opens nothing to anyone but whoever opened the connection.
/// </summary>
public sealed class ConnectionOwnersTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const char RecordSeparator = '\u001e';

    /// <summary>
    /// Another operator's key (or the owner's session instead of the key it opened with) presenting the token of an
    /// operator's user-stream connection is 403 <c>connection_not_yours</c> and receives none of its messages; the
    /// owner's own polls keep working.
    /// </summary>
    [Fact]
    public async Task A_stream_connection_serves_only_whoever_opened_it()
    {
        var owner = await ApiClient.CreateAsync(factory, $"conn-owner-{Guid.NewGuid():N}@test.local", dollars: 10);
        var other = await ApiClient.CreateAsync(factory, $"conn-other-{Guid.NewGuid():N}@test.local", dollars: 10);
        var address = await NegotiateAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PostAsync(address, Frame("""{"protocol":"json","version":1}"""))).StatusCode);

        // The other operator's key: neither a send nor a poll reaches the connection.
        var send = await other.Http.PostAsync(address, Frame("""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[null]}"""));
        await AssertNotYoursAsync(send);
        await AssertNotYoursAsync(await other.Http.GetAsync(address));
        // No key at all (the token alone, as an access log shows it): the stream's own sign-in refuses it first.
        var anonymous = await factory.CreateClient().GetAsync(address);
        Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.DoesNotContain("Snapshot", await anonymous.Content.ReadAsStringAsync());

        // The owner's own: its handshake answer and the snapshot it subscribes to reach it.
        await AssertSubscribesAsync(owner, address);
    }

    /// <summary>
    /// A token that names no connection binds nobody: the 404 it gets leaves nothing behind, so the next caller naming
    /// the same made-up token gets the same 404, not 403 <c>connection_not_yours</c> (which would mean it was recorded,
    /// and a flood of made-up tokens would grow the server's memory).
    /// </summary>
    [Fact]
    public async Task A_token_that_names_no_connection_is_not_recorded_for_anyone()
    {
        var first = await ApiClient.CreateAsync(factory, $"conn-made-up-{Guid.NewGuid():N}@test.local");
        var second = await ApiClient.CreateAsync(factory, $"conn-made-up-{Guid.NewGuid():N}@test.local");
        var address = $"/hubs/user?id={Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.NotFound, (await first.Http.GetAsync(address)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Http.GetAsync(address)).StatusCode);
    }

    /// <summary>
    /// The connection belongs to whoever negotiated it, not to whoever names its token first: another operator's key
    /// presenting the token before the owner's first send or poll is 403 and claims nothing, and the owner's own
    /// handshake and polls then work.
    /// </summary>
    [Fact]
    public async Task A_stream_connection_belongs_to_whoever_negotiated_it_even_before_its_first_use()
    {
        var owner = await ApiClient.CreateAsync(factory, $"conn-neg-owner-{Guid.NewGuid():N}@test.local", dollars: 10);
        var other = await ApiClient.CreateAsync(factory, $"conn-neg-other-{Guid.NewGuid():N}@test.local", dollars: 10);
        var address = await NegotiateAsync(owner);

        // First to name the token, yet not its owner: neither the handshake nor a poll reaches the connection.
        await AssertNotYoursAsync(await other.Http.PostAsync(address, Frame("""{"protocol":"json","version":1}""")));
        await AssertNotYoursAsync(await other.Http.GetAsync(address));

        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PostAsync(address, Frame("""{"protocol":"json","version":1}"""))).StatusCode);
        await AssertSubscribesAsync(owner, address);
    }

    /// <summary>
    /// A market hub connection opened without credentials is bound to the address that opened it: another caller
    /// without credentials presenting its token (from a log) cannot send on it, so it cannot narrow the follower's
    /// channels and silently stop its book; the opener's own sends keep working.
    /// </summary>
    [Fact]
    public async Task An_anonymous_market_connection_serves_only_the_address_that_opened_it()
    {
        // An app of its own: the shared one is already started without the test's peer addresses.
        using var own = new AppFactory();
        using var app = own.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromHeader>()));
        var opener = app.CreateClient();
        opener.DefaultRequestHeaders.Add(PeerHeader, "203.0.113.5");
        var stranger = app.CreateClient();
        stranger.DefaultRequestHeaders.Add(PeerHeader, "198.51.100.7");
        var negotiated = await opener.PostAsync($"{MarketHub.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var token = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
        var address = $"{MarketHub.Path}?id={Uri.EscapeDataString(token)}";
        Assert.Equal(HttpStatusCode.OK, (await opener.PostAsync(address, Frame("""{"protocol":"json","version":1}"""))).StatusCode);

        await AssertNotYoursAsync(await stranger.PostAsync(address, Frame("""{"type":1,"invocationId":"x","target":"Subscribe","arguments":[["candles"]]}""")));
        await AssertNotYoursAsync(await stranger.GetAsync(address));

        Assert.Equal(HttpStatusCode.OK, (await opener.PostAsync(address, Frame("""{"type":1,"invocationId":"1","target":"GetTicker","arguments":[]}"""))).StatusCode);
    }

    private const string PeerHeader = PeerFromHeader.Header;

    [Fact]
    public void A_connections_owner_is_its_key_else_its_user_else_anonymous()
    {
        Assert.Equal("key:9", ConnectionOwners.OwnerOf(new(new System.Security.Claims.ClaimsIdentity(
            [new(Web.Api.ApiKeyAuthenticationHandler.KeyClaim, "9"), new(Web.Api.ApiKeyAuthenticationHandler.OperatorClaim, "4")], "ApiKey"))));
        Assert.Equal("user:abc", ConnectionOwners.OwnerOf(new(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, "abc")], "Identity.Application"))));
        Assert.Equal("anonymous", ConnectionOwners.OwnerOf(new()));
    }

    // Negotiates a user-stream connection with the client's key: the address of its long polls and sends.
    private static async Task<string> NegotiateAsync(ApiClient client)
    {
        var negotiated = await client.Http.PostAsync($"{UserHub.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var token = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
        return $"{UserHub.Path}?id={Uri.EscapeDataString(token)}";
    }

    // The owner subscribes over the connection, and its polls bring the snapshot.
    private static async Task AssertSubscribesAsync(ApiClient owner, string address)
    {
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.PostAsync(address, Frame("""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[null]}"""))).StatusCode);
        var received = new StringBuilder();
        for (var poll = 0; poll < 5 && !received.ToString().Contains("Snapshot"); poll++)
        {
            var polled = await owner.Http.GetAsync(address);
            Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
            received.Append(await polled.Content.ReadAsStringAsync());
        }
        Assert.Contains("Snapshot", received.ToString());
    }

    private static StringContent Frame(string json) => new(json + RecordSeparator, Encoding.UTF8, "text/plain");

    private static async Task AssertNotYoursAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(ConnectionOwners.NotYours, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("Snapshot", body);
    }
}
