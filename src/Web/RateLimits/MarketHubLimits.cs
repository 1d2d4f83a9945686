using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// Guards the market hub: at most <see cref="RateLimitOptions.HubConnectionsPerIp"/> open connections per client IP
/// (one more is closed as it connects), and per connection a token bucket of
/// <see cref="RateLimitOptions.HubCallsPerSecond"/> method calls a second (bursts up to twice that); a call over it
/// fails with a <see cref="HubException"/> whose message starts with <c>rate_limited</c>, and the connection stays open.
/// </summary>
public sealed class MarketHubLimits(IOptions<RateLimitOptions> options) : IHubFilter
{
    private const string BucketItem = "xpf:calls";
    private const string AddressItem = "xpf:address";
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    /// <summary>Counts the connection against its address, refusing it over the cap.</summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var limits = options.Value;
        var address = context.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_connections.AddOrUpdate(address, 1, (_, count) => count + 1) > limits.HubConnectionsPerIp)
        {
            _connections.AddOrUpdate(address, 0, (_, count) => count - 1);
            throw new HubException($"rate_limited: at most {limits.HubConnectionsPerIp} market connections per address.");
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

    private void Release(HubCallerContext connection)
    {
        if (connection.Items.Remove(AddressItem, out var address) && address is string counted)
            _connections.AddOrUpdate(counted, 0, (_, count) => count - 1);
        if (connection.Items.Remove(BucketItem, out var bucket) && bucket is IDisposable disposable)
            disposable.Dispose();
    }
}
