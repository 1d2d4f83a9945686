using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Counts failed sign-ins per client IP over a sliding window (<see cref="RateLimitOptions.SignInFailuresPerIp"/> in
/// <see cref="RateLimitOptions.SignInFailureWindowMinutes"/>). A source over its budget is refused before any password
/// is checked, so a password sprayer slows down while the accounts it targets stay usable by their owners.
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="address"/> has used its failures; <paramref name="retryAfter"/> is the wait.</summary>
    public bool IsRefused(string address, out TimeSpan retryAfter)
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

    /// <summary>Counts one failed sign-in from <paramref name="address"/>.</summary>
    public void Failed(string address)
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
