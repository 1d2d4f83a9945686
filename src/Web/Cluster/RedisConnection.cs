using StackExchange.Redis;

namespace XpFlywheel.Web.Cluster;

/// <summary>
/// The Redis server the nodes share, when <c>ConnectionStrings:Redis</c> names one (StackExchange.Redis configuration
/// syntax, e.g. <c>127.0.0.1:6379</c>): it holds what every node must count together, the API's rate-limit buckets
/// (<see cref="RateLimits.ApiRateLimiter"/>) and failed sign-ins per address (<see cref="Account.SignInThrottle"/>).
/// Optional: without it each node counts alone. Nothing ever waits for it: the connection is made in the background
/// and re-made after a loss, callers use it only while <see cref="TryGet"/> says it is connected, a command fails
/// after at most a second, and every caller then falls back to its node's own count, so Redis being down or hung
/// never stops trading or signing in.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    // An outage is logged once per this period, not once per request.
    private static readonly TimeSpan OutageLogPeriod = TimeSpan.FromSeconds(30);

    private readonly Task<ConnectionMultiplexer>? _connecting;
    private readonly ILogger<RedisConnection> _logger;
    private long _outageLoggedAt;

    /// <exception cref="InvalidOperationException"><c>ConnectionStrings:Redis</c> is not a valid configuration.</exception>
    public RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        Prefix = configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "xpf";
        if (Options(configuration) is not { } options)
            return;
        _connecting = Task.Run(async () =>
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
            multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Lost Redis at {Endpoint} ({Failure}); limits are counted per node until it is back", e.EndPoint, e.FailureType);
            multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis at {Endpoint} is back; limits are shared again", e.EndPoint);
            return multiplexer;
        });
    }

    /// <summary>Whether a Redis server is configured (it may still be unreachable).</summary>
    public bool Configured => _connecting is not null;

    /// <summary>
    /// Prepended to every key this app writes (<c>Redis:KeyPrefix</c>, default <c>xpf</c>), so deployments sharing one
    /// Redis never count each other's requests.
    /// </summary>
    public string Prefix { get; }

    /// <summary>The shared connection when it is up now; false while connecting, after a loss, or when none is configured.</summary>
    public bool TryGet(out IConnectionMultiplexer multiplexer)
    {
        if (_connecting is { IsCompletedSuccessfully: true } connecting && connecting.Result.IsConnected)
        {
            multiplexer = connecting.Result;
            return true;
        }
        multiplexer = null!;
        return false;
    }

    /// <summary>
    /// The connection for a library that asks for one when it builds a limiter (only after <see cref="TryGet"/> said it
    /// is up). Throws <see cref="RedisConnectionException"/> otherwise, which callers treat as Redis being down.
    /// </summary>
    public IConnectionMultiplexer Multiplexer => TryGet(out var multiplexer)
        ? multiplexer
        : throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");

    /// <summary>
    /// Waits for the first connection attempt, at most <paramref name="patience"/> (the app's start, so the first
    /// requests already share their limits); never throws.
    /// </summary>
    public async Task WaitForFirstAttemptAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        if (_connecting is null)
            return;
        try
        {
            var multiplexer = await _connecting.WaitAsync(patience, cancellationToken);
            if (!multiplexer.IsConnected)
                _logger.LogWarning("Redis ({Configuration}) cannot be reached; limits are counted per node until it can", multiplexer.Configuration);
        }
        catch (Exception error) when (IsOutage(error, cancellationToken))
        {
            ReportOutage(error);
        }
    }

    /// <summary>
    /// Whether <paramref name="error"/>, thrown by a Redis call, means Redis failed the caller (who then counts on its
    /// own) rather than the caller giving up: everything except a cancellation of <paramref name="callerToken"/>.
    /// StackExchange.Redis cancels a command in flight (<see cref="TaskCanceledException"/>) when its connection breaks
    /// under it, which is an outage like any other, and must not reach the request as a failure.
    /// </summary>
    public static bool IsOutage(Exception error, CancellationToken callerToken = default) =>
        error is not OperationCanceledException || !callerToken.IsCancellationRequested;

    /// <summary>Logs that Redis failed a caller (at most once per 30 s), which then counts on its own.</summary>
    public void ReportOutage(Exception error)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _outageLoggedAt);
        if ((last == 0 || now - last >= OutageLogPeriod.TotalMilliseconds) && Interlocked.CompareExchange(ref _outageLoggedAt, now, last) == last)
            _logger.LogWarning(error, "Redis did not answer; limits are counted by this node alone until it does");
    }

    /// <summary>
    /// The client options for <c>ConnectionStrings:Redis</c>, null when none is configured: reconnects in the
    /// background, fails commands at once while disconnected, and gives a command at most a second.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is not a valid StackExchange.Redis configuration.</exception>
    public static ConfigurationOptions? Options(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
            return null;
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or RedisException)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a valid Redis configuration ({error.Message}); expected host:port[,password=…].", error);
        }
        if (options.EndPoints.Count == 0)
            throw new InvalidOperationException("ConnectionStrings:Redis names no server; expected host:port[,password=…].");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "xpflywheel";
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
            options.ConnectTimeout = 2_000;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
            options.AsyncTimeout = 1_000;
        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
            options.SyncTimeout = 1_000;
        return options;
    }

    public void Dispose()
    {
        if (_connecting is { IsCompletedSuccessfully: true } connecting)
            connecting.Result.Dispose();
    }
}

/// <summary>Makes the Redis connection at start (waiting at most 3 s for it), not at the first request that needs it.</summary>
internal sealed class RedisStart(RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => redis.WaitForFirstAttemptAsync(TimeSpan.FromSeconds(3), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
