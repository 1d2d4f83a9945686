using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Cluster;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// Spends each <c>/api/v1</c> request's weight from its caller's bucket: the API key's when one authenticates, the
/// client IP's otherwise. A refusal is a 429 problem (<c>rate_limited</c>) with <c>Retry-After</c>, answered before
/// the endpoint runs so nothing changes. Every answer carries <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>
/// and <c>X-RateLimit-Reset</c> (seconds until the bucket is full again).
/// <para>With a Redis server configured (<see cref="RedisConnection"/>) the buckets live there, so a key's budget is
/// one budget however many nodes its requests reach (RedisRateLimiting's token bucket, the same refill). While Redis
/// cannot be reached each node falls back to its own buckets: still limited, per node, and never an error.</para>
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";
    public const string OrdersRemainingHeader = "X-RateLimit-Orders-Remaining";

    private readonly RateLimitOptions _options;
    private readonly RedisConnection _redis;
    private readonly Buckets _weight;
    private readonly Buckets _orders;

    public ApiRateLimiter(IOptions<RateLimitOptions> options, RedisConnection redis)
    {
        _options = options.Value;
        _redis = redis;
        _weight = new Buckets(redis, "w", _options.ApiWeightPerMinute, TimeSpan.FromMinutes(1));
        _orders = new Buckets(redis, "o", _options.OrdersPer10Seconds, TimeSpan.FromSeconds(10));
    }

    /// <summary>Spends the request's weight (and an order, when it places or amends one), or answers 429 and returns false.</summary>
    public async Task<bool> TryAdmitAsync(HttpContext context)
    {
        var endpointName = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        var caller = await CallerAsync(context);
        var weight = Math.Min(ApiWeights.Of(endpointName), _options.ApiWeightPerMinute);

        var spent = await SpendAsync(_weight, caller, weight);
        WriteBudget(context, spent.Remaining);
        if (!spent.Acquired)
        {
            await RefuseAsync(context, spent.RetryAfter, "Request weight limit reached for this minute.");
            return false;
        }
        if (ApiWeights.SpendsAnOrder(endpointName) && caller.StartsWith("key:", StringComparison.Ordinal))
        {
            var order = await SpendAsync(_orders, caller, 1);
            context.Response.Headers[OrdersRemainingHeader] = order.Remaining.ToString(CultureInfo.InvariantCulture);
            if (!order.Acquired)
            {
                await RefuseAsync(context, order.RetryAfter, $"Order rate limit reached: at most {_options.OrdersPer10Seconds} orders per 10 seconds.");
                return false;
            }
        }
        return true;
    }

    public void Dispose()
    {
        _weight.Dispose();
        _orders.Dispose();
    }

    // From the shared bucket while Redis is connected and answers, else from this node's own.
    private async Task<Spent> SpendAsync(Buckets buckets, string caller, int permits)
    {
        if (buckets.Shared is { } shared && _redis.TryGet(out _))
        {
            try
            {
                using var lease = await shared.AcquireAsync(caller, permits);
                var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? left : 0;
                var retry = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(1);
                return new Spent(lease.IsAcquired, Math.Max(0, remaining), retry);
            }
            catch (Exception error) when (XpFlywheel.Web.Cluster.RedisConnection.IsOutage(error))
            {
                _redis.ReportOutage(error);
            }
        }
        using var local = buckets.Local.AttemptAcquire(caller, permits);
        return new Spent(local.IsAcquired, buckets.Local.GetStatistics(caller)?.CurrentAvailablePermits ?? 0,
            local.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
    }

    private static async Task<string> CallerAsync(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
        {
            // The handler caches its result per request, so authorization later reuses this look-up.
            var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            var key = result.Principal?.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value;
            if (result.Succeeded && key is not null)
                return "key:" + key;
        }
        return "ip:" + ClientAddress.Key(context.Connection.RemoteIpAddress);
    }

    private void WriteBudget(HttpContext context, long remaining)
    {
        var limit = _options.ApiWeightPerMinute;
        var headers = context.Response.Headers;
        headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[ResetHeader] = ((int)Math.Ceiling(60.0 * (limit - remaining) / limit)).ToString(CultureInfo.InvariantCulture);
    }

    private static Task RefuseAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Write(context, StatusCodes.Status429TooManyRequests, "rate_limited", detail);
    }

    private readonly record struct Spent(bool Acquired, long Remaining, TimeSpan RetryAfter);

    // One budget per caller: this node's buckets, and the shared ones in Redis when configured (keys
    // "rl:tb:{prefix:kind:caller}"), both refilling as Bucket describes.
    private sealed class Buckets : IDisposable
    {
        public Buckets(RedisConnection redis, string kind, int limit, TimeSpan window)
        {
            Local = LocalBuckets(limit, window);
            if (!redis.Configured)
                return;
            var prefix = $"{redis.Prefix}:{kind}:";
            var (tokens, period) = Refill(limit, window);
            Shared = PartitionedRateLimiter.Create<string, string>(caller => RedisRateLimitPartition.GetTokenBucketRateLimiter(prefix + caller,
                _ => new RedisTokenBucketRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => redis.Multiplexer,
                    TokenLimit = limit,
                    TokensPerPeriod = tokens,
                    ReplenishmentPeriod = period,
                }));
        }

        public PartitionedRateLimiter<string> Local { get; }

        public PartitionedRateLimiter<string>? Shared { get; }

        public void Dispose()
        {
            Local.Dispose();
            Shared?.Dispose();
        }
    }

    /// <summary>
    /// One bucket per caller on this node, each refilled by its own timer (<see cref="Bucket"/>). Not
    /// <c>RateLimitPartition.GetTokenBucketLimiter</c>: it turns the buckets' timers off and refills them from the
    /// partitioned limiter's 100 ms heartbeat by the time since each one's last refill, which a full bucket does not
    /// advance; so a bucket drained a few seconds after it filled was credited those seconds at once, and a key that
    /// waited 11 s after spending its 50 orders got up to 81 through in one burst.
    /// </summary>
    internal static PartitionedRateLimiter<string> LocalBuckets(int limit, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.Get(caller, _ => new TokenBucketRateLimiter(Bucket(limit, window))));

    /// <summary>
    /// A bucket of <paramref name="limit"/> tokens that refills evenly over <paramref name="window"/>: whole tokens once a
    /// second when the limit is at least one a second (1,200 a minute: 20 a second), else one token every
    /// window ÷ limit (4 per 10 s: one every 2.5 s), so the sustained rate never exceeds the limit.
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(int limit, TimeSpan window)
    {
        var (tokens, period) = Refill(limit, window);
        return new()
        {
            TokenLimit = limit,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static (int Tokens, TimeSpan Period) Refill(int limit, TimeSpan window) =>
        limit >= window.TotalSeconds ? ((int)(limit / window.TotalSeconds), TimeSpan.FromSeconds(1)) : (1, window / limit);
}
