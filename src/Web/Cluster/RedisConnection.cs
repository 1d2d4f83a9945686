using StackExchange.Redis;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// The Redis server the nodes share, when <c>ConnectionStrings:Redis</c> names one (StackExchange.Redis configuration
/// syntax, e.g. <c>127.0.0.1:6379</c>): it holds what every node must count together, the API's rate-limit buckets
/// (<see cref="RateLimits.ApiRateLimiter"/>). Optional: without it each node counts alone. The app never waits for it:
/// the connection is made in the background and re-made after a loss, and a command while it is down fails at once
/// (callers fall back to their node's own count), so Redis being down never stops trading.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<IConnectionMultiplexer>? _multiplexer;

    public RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        Prefix = configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "xpf";
        if (string.IsNullOrWhiteSpace(connectionString))
            return;
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "xpflywheel";
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
            options.ConnectTimeout = 2_000;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
            options.AsyncTimeout = 1_000;
        _multiplexer = new Lazy<IConnectionMultiplexer>(() =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(options);
            multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Lost Redis at {Endpoint} ({Failure}); rate limits are counted per node until it is back", e.EndPoint, e.FailureType);
            multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis at {Endpoint} is back; rate limits are shared again", e.EndPoint);
            return multiplexer;
        });
    }

    /// <summary>Whether a Redis server is configured.</summary>
    public bool Configured => _multiplexer is not null;

    /// <summary>
    /// Prepended to every key this app writes (<c>Redis:KeyPrefix</c>, default <c>xpf</c>), so deployments sharing one
    /// Redis never count each other's requests.
    /// </summary>
    public string Prefix { get; }

    /// <summary>The shared connection, made on first use. Throws <see cref="InvalidOperationException"/> when none is configured.</summary>
    public IConnectionMultiplexer Multiplexer =>
        (_multiplexer ?? throw new InvalidOperationException("No Redis server is configured (ConnectionStrings:Redis).")).Value;

    public void Dispose()
    {
        if (_multiplexer is { IsValueCreated: true })
            _multiplexer.Value.Dispose();
    }
}
