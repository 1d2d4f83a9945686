using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Counts failed sign-ins per client (<see cref="ClientAddress.Key(string?)"/>: an IPv4 address, an IPv6 /64) over a sliding window (<see cref="RateLimitOptions.SignInFailuresPerIp"/> in
/// <see cref="RateLimitOptions.SignInFailureWindowMinutes"/>). A source over its budget is refused before any password
/// is checked, so a password sprayer slows down while the accounts it targets stay usable by their owners.
/// <para>With Redis configured (<see cref="RedisConnection"/>) the failures are counted there, one sorted set of failure
/// times per address, so spreading guesses over several nodes buys nothing; while Redis does not answer, each node
/// counts on its own.</para>
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options, TimeProvider clock, RedisConnection? redis = null)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="address"/> has used its failures; <paramref name="retryAfter"/> is the wait.</summary>
    public bool IsRefused(string address, out TimeSpan retryAfter)
    {
        address = ClientAddress.Key(address);
        if (Shared(address, out var database) is { } key)
        {
            try
            {
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                database.SortedSetRemoveRangeByScore(key, double.NegativeInfinity, now - Window.TotalMilliseconds);
                retryAfter = TimeSpan.Zero;
                if (database.SortedSetLength(key) < Math.Max(1, options.Value.SignInFailuresPerIp))
                    return false;
                var oldest = database.SortedSetRangeByRankWithScores(key, 0, 0);
                retryAfter = oldest.Length == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(oldest[0].Score + Window.TotalMilliseconds - now);
                return true;
            }
            catch (Exception error) when (XpFlywheel.Web.Cluster.RedisConnection.IsOutage(error))
            {
                redis!.ReportOutage(error);
            }
        }
        return IsRefusedHere(address, out retryAfter);
    }

    /// <summary>Counts one failed sign-in from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        address = ClientAddress.Key(address);
        if (Shared(address, out var database) is { } key)
        {
            try
            {
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                database.SortedSetAdd(key, now.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N"), now);
                database.KeyExpire(key, Window);
                return;
            }
            catch (Exception error) when (XpFlywheel.Web.Cluster.RedisConnection.IsOutage(error))
            {
                redis!.ReportOutage(error);
            }
        }
        FailedHere(address);
    }

    // The address's key and the database while Redis is connected; null to count here.
    private RedisKey? Shared(string address, out IDatabase database)
    {
        database = null!;
        if (redis is null || !redis.TryGet(out var multiplexer))
            return null;
        database = multiplexer.GetDatabase();
        return new RedisKey($"{redis.Prefix}:signin:{address}");
    }

    private bool IsRefusedHere(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_failures.TryGetValue(address, out var failures))
            return false;
        var now = clock.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            if (failures.Count < Math.Max(1, options.Value.SignInFailuresPerIp))
                return false;
            retryAfter = failures.Peek() + Window - now;
            return true;
        }
    }

    private void FailedHere(string address)
    {
        var now = clock.GetUtcNow();
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
        if (_failures.Count > 100_000)
            Sweep(now);
    }

    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, options.Value.SignInFailureWindowMinutes));

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
            failures.Dequeue();
    }

    // Addresses with nothing left in the window are forgotten, so a scan from many addresses cannot grow this forever.
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                    _failures.TryRemove(address, out _);
            }
        }
    }
}
