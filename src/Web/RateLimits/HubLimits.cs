using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using XpFlywheel.Web.Cluster;

namespace XpFlywheel.Web.RateLimits;

/// <summary>The market hub's guard (<see cref="HubLimits"/>): its connections are counted apart from the user stream's.</summary>
public sealed class MarketHubLimits(IOptions<RateLimitOptions> options, RedisConnection? redis = null) : HubLimits(options, redis, "market", "hub");

/// <summary>The private user stream's guard (<see cref="HubLimits"/>): its connections are counted apart from the market hub's.</summary>
public sealed class UserHubLimits(IOptions<RateLimitOptions> options, RedisConnection? redis = null) : HubLimits(options, redis, "user stream", "userhub");

/// <summary>
/// Guards a hub: at most <see cref="RateLimitOptions.HubConnectionsPerIp"/> open connections per client IP
/// (one more is closed as it connects), and per connection a token bucket of
/// <see cref="RateLimitOptions.HubCallsPerSecond"/> method calls a second (bursts up to twice that); a call over it
/// fails with a <see cref="HubException"/> whose message starts with <c>rate_limited</c>, and the connection stays open.
/// Each hub has its own instance, so its connections count apart from another hub's.
/// <para>With Redis configured the per-address cap counts every node's connections: each holds a place in a sorted set
/// per address (member: node and connection, score: when the place lapses), renewed every 30 s while the connection
/// lives and given back when it closes, so a node that dies frees its places within <see cref="SharedLease"/>. While
/// Redis does not answer, this node's own count alone decides.</para>
/// </summary>
public abstract class HubLimits : IHubFilter, IDisposable
{
    /// <summary>How long a place in the shared count lasts without being renewed (a dead node's places lapse after it).</summary>
    public static readonly TimeSpan SharedLease = TimeSpan.FromSeconds(90);

    private const string BucketItem = "xpf:calls";
    private const string AddressItem = "xpf:address";

    // Drops lapsed places, then takes one if fewer than the cap are held: 1 taken, 0 refused.
    private static readonly LuaScript Admit = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZCARD', @key) >= tonumber(@cap) then return 0 end
        redis.call('ZADD', @key, @until, @member)
        redis.call('PEXPIRE', @key, @lease)
        return 1
        """);

    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RedisKey Key, RedisValue Member)> _shared = new(StringComparer.Ordinal);
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly IOptions<RateLimitOptions> options;
    private readonly RedisConnection? _redis;
    private readonly Timer _renew;
    private readonly string _hub;
    private readonly string _keySegment;

    /// <param name="hub">The hub's name in refusals ("market": "at most 20 market connections per address").</param>
    /// <param name="keySegment">The hub's segment of the shared count's Redis keys ("hub" for the market hub, as before).</param>
    protected HubLimits(IOptions<RateLimitOptions> options, RedisConnection? redis, string hub, string keySegment)
    {
        this.options = options;
        _redis = redis;
        _hub = hub;
        _keySegment = keySegment;
        _renew = new Timer(_ => Renew(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    /// <summary>Counts the connection against its address, refusing it over the cap.</summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var limits = options.Value;
        var address = ClientAddress.Key(context.Context.GetHttpContext()?.Connection.RemoteIpAddress);
        if (_connections.AddOrUpdate(address, 1, (_, count) => count + 1) > limits.HubConnectionsPerIp)
        {
            _connections.AddOrUpdate(address, 0, (_, count) => count - 1);
            throw new HubException($"rate_limited: at most {limits.HubConnectionsPerIp} {_hub} connections per address.");
        }
        if (!await TakeSharedPlaceAsync(context.Context.ConnectionId, address, limits.HubConnectionsPerIp))
        {
            _connections.AddOrUpdate(address, 0, (_, count) => count - 1);
            throw new HubException($"rate_limited: at most {limits.HubConnectionsPerIp} {_hub} connections per address.");
        }
        context.Context.Items[AddressItem] = address;
        context.Context.Items[BucketItem] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.HubCallsPerSecond * 2,
            TokensPerPeriod = limits.HubCallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        try
        {
            await next(context);
        }
        catch
        {
            // A connection that fails to connect is never disconnected, so give its place back here.
            Release(context.Context);
            throw;
        }
    }

    /// <summary>Spends a token for the call, or refuses it.</summary>
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items.TryGetValue(BucketItem, out var item) && item is RateLimiter bucket)
        {
            using var lease = bucket.AttemptAcquire();
            if (!lease.IsAcquired)
                throw new HubException($"rate_limited: at most {options.Value.HubCallsPerSecond} calls a second per connection.");
        }
        return next(invocationContext);
    }

    /// <summary>Frees the connection's place and its bucket.</summary>
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        Release(context.Context);
        await next(context, exception);
    }

    public void Dispose()
    {
        _renew.Dispose();
        GC.SuppressFinalize(this);
    }

    // False when every node together already holds the cap for this address; true when it took a place, or when Redis
    // is not configured or does not answer (this node's count alone decides then).
    private async Task<bool> TakeSharedPlaceAsync(string connectionId, string address, int cap)
    {
        if (_redis is null || !_redis.TryGet(out var multiplexer))
            return true;
        var key = new RedisKey($"{_redis.Prefix}:{_keySegment}:{address}");
        var member = new RedisValue($"{_node}:{connectionId}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        try
        {
            var taken = (long)await multiplexer.GetDatabase().ScriptEvaluateAsync(Admit, new
            {
                key, member, now, until = now + (long)SharedLease.TotalMilliseconds, cap, lease = (long)SharedLease.TotalMilliseconds,
            });
            if (taken == 0)
                return false;
            _shared[connectionId] = (key, member);
        }
        catch (Exception error) when (XpFlywheel.Web.Cluster.RedisConnection.IsOutage(error))
        {
            _redis.ReportOutage(error);
        }
        return true;
    }

    // Keeps this node's places from lapsing while their connections live.
    private void Renew()
    {
        if (_shared.IsEmpty || _redis is null || !_redis.TryGet(out var multiplexer))
            return;
        var until = DateTimeOffset.UtcNow.Add(SharedLease).ToUnixTimeMilliseconds();
        var database = multiplexer.GetDatabase();
        try
        {
            foreach (var (key, member) in _shared.Values)
                database.SortedSetAdd(key, member, until, CommandFlags.FireAndForget);
        }
        catch (Exception error)
        {
            _redis.ReportOutage(error);
        }
    }

    private void Release(HubCallerContext connection)
    {
        if (_shared.TryRemove(connection.ConnectionId, out var place) && _redis is not null && _redis.TryGet(out var multiplexer))
        {
            try
            {
                multiplexer.GetDatabase().SortedSetRemove(place.Key, place.Member, CommandFlags.FireAndForget);
            }
            catch (Exception error)
            {
                // Its place lapses by itself within SharedLease.
                _redis.ReportOutage(error);
            }
        }
        if (connection.Items.Remove(AddressItem, out var address) && address is string counted)
            _connections.AddOrUpdate(counted, 0, (_, count) => count - 1);
        if (connection.Items.Remove(BucketItem, out var bucket) && bucket is IDisposable disposable)
            disposable.Dispose();
    }
}
