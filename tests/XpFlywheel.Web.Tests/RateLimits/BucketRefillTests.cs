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
        // 40 tokens over 4 s: 10 a second, added once a second.
        using var buckets = ApiRateLimiter.LocalBuckets(40, TimeSpan.FromSeconds(4));
        const string caller = "key:1";

        Assert.Equal(40, Drain(buckets, caller));
        await Task.Delay(TimeSpan.FromSeconds(8)); // full after about 4 s, then standing full for about 4 s
        Assert.True(Drain(buckets, caller) >= 40);
        var drained = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(250)); // past the heartbeat's refill, within one period of the timer's
        var admitted = Drain(buckets, caller);

        // A refill of 10 a second the wait took, one more that may fall in any wait, and one more that fell due before
        // and ran late on a loaded machine: 20 for a quarter of a second. The stale credit gave back all 40.
        var refills = (int)System.Diagnostics.Stopwatch.GetElapsedTime(drained).TotalSeconds + 2;
        Assert.True(admitted <= 10 * refills, $"{admitted} tokens came back within {refills} refill(s) of 10");
    }

    // Takes tokens until the first refusal: how many the bucket held.
    private static int Drain(System.Threading.RateLimiting.PartitionedRateLimiter<string> buckets, string caller)
    {
        var admitted = 0;
        while (admitted < 1_000)
        {
            using var lease = buckets.AttemptAcquire(caller, 1);
            if (!lease.IsAcquired)
                break;
            admitted++;
        }
        return admitted;
    }
}
