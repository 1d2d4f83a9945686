using Microsoft.Extensions.Time.Testing;
using XpFlywheel.Web.Streams;

namespace XpFlywheel.Web.Tests.Streams;

public sealed class ConnectionOwnerTableTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void An_owner_is_kept_while_a_request_for_its_connection_is_open_however_long_it_is_quiet()
    {
        var owners = new ConnectionOwnerTable(_clock, Idle);
        owners.Bind("token", "key:1");
        Assert.True(owners.TryEnter("token", "key:1")); // the stream's one long request

        _clock.Advance(TimeSpan.FromHours(3));
        Assert.False(owners.TryEnter("token", "key:2"));
        Assert.False(owners.TryEnter("token", "anonymous@203.0.113.9"));

        owners.Leave("token");
        _clock.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.False(owners.TryEnter("token", "key:2"));
    }

    /// <summary>
    /// A token that names no connection (SignalR answered 404) is forgotten as its request ends, once no other request
    /// names it: made-up tokens never pile up in the table, however many a caller sends.
    /// </summary>
    [Fact]
    public void A_token_that_names_no_connection_is_forgotten_as_its_request_ends()
    {
        var owners = new ConnectionOwnerTable(_clock, Idle);
        for (var i = 0; i < 1_000; i++)
        {
            var token = $"made-up-{i}";
            Assert.True(owners.TryEnter(token, "anonymous@203.0.113.9"));
            owners.Leave(token, gone: true);
        }
        Assert.Equal(0, owners.Count);

        // Two requests at once: the token is kept while the other is open.
        Assert.True(owners.TryEnter("shared", "key:1"));
        Assert.True(owners.TryEnter("shared", "key:1"));
        owners.Leave("shared", gone: true);
        Assert.False(owners.TryEnter("shared", "key:2"));
        owners.Leave("shared", gone: true);
        Assert.Equal(0, owners.Count);

        // A connection that exists keeps its owner after a request ends.
        owners.Bind("real", "key:1");
        Assert.True(owners.TryEnter("real", "key:1"));
        owners.Leave("real");
        Assert.False(owners.TryEnter("real", "key:2"));
    }

    [Fact]
    public void An_owner_is_forgotten_only_idle_after_its_last_request_ended()
    {
        var owners = new ConnectionOwnerTable(_clock, Idle);
        owners.Bind("token", "key:1");
        Assert.True(owners.TryEnter("token", "key:1"));
        Assert.True(owners.TryEnter("token", "key:1")); // a poll and a send at once
        owners.Leave("token");
        _clock.Advance(Idle * 2);
        Assert.False(owners.TryEnter("token", "key:2")); // the poll is still open

        owners.Leave("token");
        _clock.Advance(Idle);
        Assert.True(owners.TryEnter("token", "key:2"));
    }

    [Fact]
    public void A_negotiated_token_is_bound_before_anyone_names_it_and_forgotten_owners_are_purged()
    {
        var owners = new ConnectionOwnerTable(_clock, Idle);
        owners.Bind("a", "user:7");
        Assert.False(owners.TryEnter("a", "user:8"));
        owners.Bind("b", "user:8");
        Assert.Equal(2, owners.Count);

        _clock.Advance(Idle);
        owners.Bind("c", "user:9");
        Assert.Equal(1, owners.Count);
    }
}
