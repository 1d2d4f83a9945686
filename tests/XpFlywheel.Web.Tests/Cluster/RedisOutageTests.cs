using XpFlywheel.Web.Cluster;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>What a Redis call's failure means to its caller: Redis is down (count on this node), unless the caller gave up.</summary>
public sealed class RedisOutageTests
{
    /// <summary>
    /// StackExchange.Redis cancels a command in flight when its connection breaks: seen as a 500 on a placement during
    /// a node's restart under load. That is an outage, and the caller falls back to its own count.
    /// </summary>
    [Fact]
    public void A_redis_command_cancelled_by_its_broken_connection_is_an_outage_not_the_callers_cancellation()
    {
        Assert.True(RedisConnection.IsOutage(new TaskCanceledException()));
        Assert.True(RedisConnection.IsOutage(new OperationCanceledException(), new CancellationToken(canceled: false)));
        Assert.True(RedisConnection.IsOutage(new StackExchange.Redis.RedisTimeoutException("timeout", StackExchange.Redis.CommandStatus.Sent)));
        Assert.True(RedisConnection.IsOutage(new InvalidOperationException("Reading is not allowed after reader was completed."), new CancellationToken(canceled: true)));
    }

    /// <summary>A cancellation the caller asked for (the request aborted) is the caller's, not Redis's: it is not counted as an outage.</summary>
    [Fact]
    public void A_cancellation_the_caller_asked_for_is_not_an_outage()
    {
        Assert.False(RedisConnection.IsOutage(new OperationCanceledException(), new CancellationToken(canceled: true)));
        Assert.False(RedisConnection.IsOutage(new TaskCanceledException(), new CancellationToken(canceled: true)));
    }
}
