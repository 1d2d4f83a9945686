using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// Spends each <c>/api/v1</c> request's weight from its caller's bucket: the API key's when one authenticates, the
/// client IP's otherwise. A refusal is a 429 problem (<c>rate_limited</c>) with <c>Retry-After</c>, answered before
/// the endpoint runs so nothing changes. Every answer carries <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>
/// and <c>X-RateLimit-Reset</c> (seconds until the bucket is full again).
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";
    public const string OrdersRemainingHeader = "X-RateLimit-Orders-Remaining";

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _weight;
    private readonly PartitionedRateLimiter<string> _orders;

    public ApiRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _weight = PartitionedRateLimiter.Create<string, string>(caller =>
            RateLimitPartition.GetTokenBucketLimiter(caller, _ => Bucket(_options.ApiWeightPerMinute, TimeSpan.FromMinutes(1))));
        _orders = PartitionedRateLimiter.Create<string, string>(caller =>
            RateLimitPartition.GetTokenBucketLimiter(caller, _ => Bucket(_options.OrdersPer10Seconds, TimeSpan.FromSeconds(10))));
    }

    /// <summary>Spends the request's weight (and an order, when it places one), or answers 429 and returns false.</summary>
    public async Task<bool> TryAdmitAsync(HttpContext context)
    {
        var endpointName = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        var caller = await CallerAsync(context);
        var weight = Math.Min(ApiWeights.Of(endpointName), _options.ApiWeightPerMinute);

        using var lease = _weight.AttemptAcquire(caller, weight);
        WriteBudget(context, caller);
        if (!lease.IsAcquired)
        {
            await RefuseAsync(context, lease, "Request weight limit reached for this minute.");
            return false;
        }
        if (endpointName == ApiWeights.PlaceOrder && caller.StartsWith("key:", StringComparison.Ordinal))
        {
            using var order = _orders.AttemptAcquire(caller, 1);
            context.Response.Headers[OrdersRemainingHeader] = Available(_orders, caller).ToString(CultureInfo.InvariantCulture);
            if (!order.IsAcquired)
            {
                await RefuseAsync(context, order, $"Order rate limit reached: at most {_options.OrdersPer10Seconds} orders per 10 seconds.");
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
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private void WriteBudget(HttpContext context, string caller)
    {
        var limit = _options.ApiWeightPerMinute;
        var remaining = Available(_weight, caller);
        var headers = context.Response.Headers;
        headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[ResetHeader] = ((int)Math.Ceiling(60.0 * (limit - remaining) / limit)).ToString(CultureInfo.InvariantCulture);
    }

    private static long Available(PartitionedRateLimiter<string> limiter, string caller) =>
        limiter.GetStatistics(caller)?.CurrentAvailablePermits ?? 0;

    private static Task RefuseAsync(HttpContext context, RateLimitLease lease, string detail)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Write(context, StatusCodes.Status429TooManyRequests, "rate_limited", detail);
    }

    /// <summary>A bucket of <paramref name="limit"/> tokens that refills evenly, once a second, over <paramref name="window"/>.</summary>
    private static TokenBucketRateLimiterOptions Bucket(int limit, TimeSpan window) => new()
    {
        TokenLimit = limit,
        TokensPerPeriod = Math.Max(1, (int)(limit / window.TotalSeconds)),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
