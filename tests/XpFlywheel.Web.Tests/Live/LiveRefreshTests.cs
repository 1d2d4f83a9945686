using Microsoft.Extensions.Time.Testing;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Live;

/// <summary>The rule of the one live-refresh idiom: at most one refresh per interval, the last change never lost,
/// nothing after disposal. A fake clock drives it, and the dispatch runs the refresh inline as a circuit would.</summary>
public sealed class LiveRefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _starts = [];
    private readonly DateTimeOffset _origin;

    public LiveRefreshTests() => _origin = _clock.GetUtcNow();

    private static Task Inline(Func<Task> work) => work();

    private LiveRefresh Counting(TimeSpan? every = null) =>
        new(_clock, Inline, () => _starts.Add(_clock.GetUtcNow() - _origin), Interval, every);

    [Fact]
    public void First_signal_after_a_quiet_spell_refreshes_at_once()
    {
        using var live = Counting();
        live.Signal();
        Assert.Equal([TimeSpan.Zero], _starts);

        _clock.Advance(TimeSpan.FromSeconds(1));
        live.Signal();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1)], _starts);
    }

    [Fact]
    public void Throttles_to_at_most_one_refresh_per_interval()
    {
        using var live = Counting();
        // A signal every 10 ms for a second: 100 signals, but no two refreshes closer than the interval.
        for (var i = 0; i < 100; i++)
        {
            live.Signal();
            live.Signal();
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        _clock.Advance(Interval);

        Assert.InRange(_starts.Count, 2, 11);
        Assert.All(_starts.Zip(_starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Interval, $"{pair.First} then {pair.Second}"));
    }

    [Fact]
    public void A_burst_folds_into_one_refresh_now_and_one_at_the_end_of_the_interval()
    {
        using var live = Counting();
        for (var i = 0; i < 100; i++)
            live.Signal();
        Assert.Single(_starts);

        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Single(_starts);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([TimeSpan.Zero, Interval], _starts);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _starts.Count);
    }

    [Fact]
    public void Never_drops_the_last_update_even_when_it_arrives_during_a_refresh()
    {
        var shown = 0;
        var latest = 0;
        var release = new TaskCompletionSource();
        var calls = 0;
        using var live = new LiveRefresh(_clock, Inline, async () =>
        {
            var seen = latest;
            if (++calls == 1)
                await release.Task;
            shown = seen;
        }, Interval);

        latest = 1;
        live.Signal();
        // The change lands while the first refresh is still loading what it read before.
        latest = 2;
        live.Signal();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, calls);

        release.SetResult();
        Assert.Equal(2, calls);
        Assert.Equal(2, shown);
    }

    [Fact]
    public void A_failing_refresh_does_not_stop_the_next_one()
    {
        var calls = 0;
        using var live = new LiveRefresh(_clock, Inline, () =>
        {
            if (++calls == 1)
                throw new InvalidOperationException("the database is away");
        }, Interval);

        live.Signal();
        _clock.Advance(Interval);
        live.Signal();

        Assert.Equal(2, calls);
    }

    [Fact]
    public void Every_signals_on_its_own_period()
    {
        using var live = Counting(every: TimeSpan.FromSeconds(1));
        for (var second = 0; second < 3; second++)
            _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], _starts);
    }

    [Fact]
    public void Disposes_cleanly_no_refresh_starts_afterwards()
    {
        var live = Counting(every: TimeSpan.FromSeconds(1));
        live.Signal();
        live.Signal();      // waiting for the end of the interval
        live.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(10));
        live.Signal();
        live.Dispose();     // twice is fine

        Assert.Equal([TimeSpan.Zero], _starts);
    }

    [Fact]
    public void A_circuit_gone_before_the_refresh_is_not_an_error()
    {
        using var live = new LiveRefresh(_clock, _ => throw new ObjectDisposedException("circuit"), () => { }, Interval);
        live.Signal();
        _clock.Advance(Interval);
        live.Signal();
    }
}
