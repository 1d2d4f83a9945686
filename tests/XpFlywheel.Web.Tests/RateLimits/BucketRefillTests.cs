using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Tests.RateLimits;

public sealed class BucketRefillTests
{
    /// <summary>
    /// A caller's bucket refills at its rate however long it stood full: draining it again after a wait credits the
    /// wait once, by filling it, never a second time on top. (Refilled from the partitioned limiter's heartbeat, a
    /// bucket drained four seconds after it filled got four seconds of tokens back within 100 ms.)
    /// </summary>
    [Fact]
    public async Task A_bucket_that_stood_full_refills_at_its_rate_after_it_is_drained_again()
    {
        // 20 tokens over 2 s: 10 a second, added once a second.
        using var buckets = ApiRateLimiter.LocalBuckets(20, TimeSpan.FromSeconds(2));
        const string caller = "key:1";

        Assert.Equal(20, Drain(buckets, caller));
        await Task.Delay(TimeSpan.FromSeconds(6)); // full after about 2 s, then standing full for about 4 s
        Assert.Equal(20, Drain(buckets, caller));
        var drained = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(250)); // past the heartbeat's refill, within one period of the timer's
        var admitted = Drain(buckets, caller);

        // One refill of 10 can fall in any wait shorter than a second; a machine that stalled the wait longer allows
        // one more per second it stalled.
        var refills = (int)System.Diagnostics.Stopwatch.GetElapsedTime(drained).TotalSeconds + 1;
        Assert.True(admitted <= Math.Min(20, 10 * refills), $"{admitted} tokens came back within {refills} refill(s) of 10");
    }

    private static int Drain(System.Threading.RateLimiting.PartitionedRateLimiter<string> buckets, string caller)
    {
        var admitted = 0;
        for (var i = 0; i < 100; i++)
        {
            using var lease = buckets.AttemptAcquire(caller, 1);
            if (lease.IsAcquired)
                admitted++;
        }
        return admitted;
    }
}
