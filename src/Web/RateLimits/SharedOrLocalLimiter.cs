using System.Threading.RateLimiting;
using XpFlywheel.Web.Cluster;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// One partition's limiter that counts in Redis while it is connected (so every node spends one budget) and on this
/// node otherwise, never failing a request because Redis is down. ASP.NET Core's middleware tries
/// <see cref="RateLimiter.AttemptAcquire(int)"/> first and waits on <see cref="RateLimiter.AcquireAsync"/> when that is
/// refused; the shared limiter can only answer asynchronously, so while Redis is up the synchronous attempt defers to it.
/// </summary>
internal sealed class SharedOrLocalLimiter(RateLimiter shared, RateLimiter local, RedisConnection redis) : RateLimiter
{
    public override TimeSpan? IdleDuration => local.IdleDuration is { } localIdle && shared.IdleDuration is { } sharedIdle
        ? localIdle < sharedIdle ? localIdle : sharedIdle
        : null;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        redis.TryGet(out _) ? Deferred.Instance : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (redis.TryGet(out _))
        {
            try
            {
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception error) when (XpFlywheel.Web.Cluster.RedisConnection.IsOutage(error, cancellationToken))
            {
                redis.ReportOutage(error);
            }
        }
        return local.AttemptAcquire(permitCount);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await shared.DisposeAsync();
        await local.DisposeAsync();
    }

    // "Ask again asynchronously": not acquired, with nothing to say.
    private sealed class Deferred : RateLimitLease
    {
        public static readonly Deferred Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
