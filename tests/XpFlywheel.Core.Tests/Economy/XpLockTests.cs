using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class XpLockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockPolicy Policy = LockPolicy.Default;

    private static XpLock Locked(long xp = 1_000) => XpLock.Lock(7, new Xp(xp), T0).Lock!;

    [Fact]
    public void Lock_is_immediate_and_counts_for_trust()
    {
        var transition = XpLock.Lock(7, new Xp(500), T0);

        Assert.True(transition.Succeeded);
        Assert.IsType<XpLockState.Locked>(transition.Lock!.State);
        Assert.True(transition.Lock.CountsForTrust);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Locking_nothing_is_refused(long xp)
    {
        Assert.Equal(LockRefusal.AmountNotPositive, XpLock.Lock(7, new Xp(xp), T0).Refusal);
    }

    [Fact]
    public void Whole_unlock_waits_seven_days_by_default()
    {
        var transition = Locked().RequestUnlock(new Xp(1_000), T0.AddHours(1), Policy);

        var state = Assert.IsType<XpLockState.Unlocking>(transition.Lock!.State);
        Assert.Equal(T0.AddHours(1), state.RequestedAt);
        Assert.Equal(T0.AddHours(1).AddDays(7), state.ReleasableAt);
        Assert.Null(transition.SplitOff);
        Assert.False(transition.Lock.CountsForTrust);
    }

    [Fact]
    public void Partial_unlock_splits_off_the_unlocking_part()
    {
        var transition = Locked().RequestUnlock(new Xp(300), T0, Policy);

        Assert.Equal(new Xp(700), transition.Lock!.Amount);
        Assert.IsType<XpLockState.Locked>(transition.Lock.State);
        Assert.Equal(new Xp(300), transition.SplitOff!.Amount);
        Assert.IsType<XpLockState.Unlocking>(transition.SplitOff.State);
    }

    [Theory]
    [InlineData(0, LockRefusal.AmountNotPositive)]
    [InlineData(1_001, LockRefusal.AmountExceedsLock)]
    public void Unlocking_a_wrong_amount_is_refused(long xp, LockRefusal refusal)
    {
        var transition = Locked().RequestUnlock(new Xp(xp), T0, Policy);

        Assert.Equal(refusal, transition.Refusal);
        Assert.Null(transition.Lock);
    }

    [Fact]
    public void Unlocking_twice_is_refused()
    {
        var unlocking = Locked().RequestUnlock(new Xp(1_000), T0, Policy).Lock!;

        Assert.Equal(LockRefusal.NotLocked, unlocking.RequestUnlock(new Xp(1), T0, Policy).Refusal);
    }

    [Fact]
    public void Cancelling_an_unlock_locks_the_xp_again()
    {
        var unlocking = Locked().RequestUnlock(new Xp(1_000), T0, Policy).Lock!;

        var cancelled = unlocking.CancelUnlock();

        Assert.IsType<XpLockState.Locked>(cancelled.Lock!.State);
        Assert.True(cancelled.Lock.CountsForTrust);
    }

    [Fact]
    public void Cancelling_without_a_pending_unlock_is_refused()
    {
        Assert.Equal(LockRefusal.NotUnlocking, Locked().CancelUnlock().Refusal);
    }

    [Fact]
    public void Release_is_refused_until_the_waiting_period_has_passed()
    {
        var unlocking = Locked().RequestUnlock(new Xp(1_000), T0, Policy).Lock!;

        Assert.Equal(LockRefusal.NotYetDue, unlocking.Release(T0.AddDays(7).AddTicks(-1)).Refusal);
        var released = unlocking.Release(T0.AddDays(7));
        Assert.Equal(new XpLockState.Released(T0.AddDays(7)), released.Lock!.State);
    }

    [Fact]
    public void Released_lock_cannot_be_released_cancelled_or_unlocked_again()
    {
        var released = Locked().RequestUnlock(new Xp(1_000), T0, Policy).Lock!.Release(T0.AddDays(8)).Lock!;

        Assert.Equal(LockRefusal.NotUnlocking, released.Release(T0.AddDays(9)).Refusal);
        Assert.Equal(LockRefusal.NotUnlocking, released.CancelUnlock().Refusal);
        Assert.Equal(LockRefusal.NotLocked, released.RequestUnlock(new Xp(1), T0, Policy).Refusal);
    }

    [Fact]
    public void Locked_xp_cannot_be_released_without_an_unlock()
    {
        Assert.Equal(LockRefusal.NotUnlocking, Locked().Release(T0.AddYears(1)).Refusal);
    }

    [Fact]
    public void Due_unlocks_are_picked_earliest_first()
    {
        var policy = new LockPolicy(TimeSpan.FromDays(1));
        var late = Locked(1).RequestUnlock(new Xp(1), T0.AddHours(2), policy).Lock!;
        var early = Locked(2).RequestUnlock(new Xp(2), T0, policy).Lock!;
        var notYet = Locked(3).RequestUnlock(new Xp(3), T0.AddDays(1), policy).Lock!;
        var stillLocked = Locked(4);

        var due = XpLock.DueForRelease([late, notYet, stillLocked, early], T0.AddDays(1).AddHours(2));

        Assert.Equal([early, late], due);
    }

    [Fact]
    public void Negative_waiting_period_is_refused()
    {
        Assert.NotEmpty(new LockPolicy(TimeSpan.FromDays(-1)).Validate());
        Assert.Empty(LockPolicy.Default.Validate());
    }
}
