using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

public class LockServiceTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private readonly EconomyKit _kit = new(factory.Services);

    [Fact]
    public async Task Lock_raises_trust_at_once_and_an_unlock_request_stops_it_counting()
    {
        var me = await _kit.OperatorAsync(xp: 2_000);
        var agent = await _kit.AgentAsync(me);

        var locked = await _kit.Locks.LockAsync(me, agent, 1_000);
        var afterLock = await _kit.Agents.FindAsync(agent);
        var unlocking = await _kit.Locks.RequestUnlockAsync(me, locked.Value!.Id);
        var afterUnlock = await _kit.Agents.FindAsync(agent);

        Assert.Equal(30, afterLock!.Trust.LockPart, 6);
        Assert.Equal(0, afterUnlock!.Trust.LockPart);
        Assert.Equal((0, 1_000), (afterUnlock.LockedXp, afterUnlock.UnlockingXp));
        Assert.Equal(LockStatus.Unlocking, unlocking.Value!.Status);
        Assert.InRange(unlocking.Value.ReleasableAt!.Value - unlocking.Value.UnlockRequestedAt!.Value, TimeSpan.FromDays(7), TimeSpan.FromDays(7));
        Assert.Equal(1_000, await _kit.BalanceAsync(AccountId.XpUnlocking(me)));
        Assert.Equal(1_000, await _kit.BalanceAsync(AccountId.XpAvailable(me)));
    }

    [Fact]
    public async Task Cancelling_an_unlock_locks_the_xp_again()
    {
        var me = await _kit.OperatorAsync(xp: 100);
        var agent = await _kit.AgentAsync(me);
        var locked = await _kit.Locks.LockAsync(me, agent, 100);
        await _kit.Locks.RequestUnlockAsync(me, locked.Value!.Id);

        var cancelled = await _kit.Locks.CancelUnlockAsync(me, locked.Value.Id);

        Assert.Equal(LockStatus.Locked, cancelled.Value!.Status);
        Assert.Equal((100, 0), ((await _kit.Agents.FindAsync(agent))!.LockedXp, (await _kit.Agents.FindAsync(agent))!.UnlockingXp));
        Assert.Equal(100, await _kit.BalanceAsync(AccountId.XpLocked(me)));
        Assert.Equal(EconomyErrors.NotUnlocking, (await _kit.Locks.CancelUnlockAsync(me, locked.Value.Id)).Code);
    }

    [Fact]
    public async Task Partial_unlock_keeps_the_rest_locked()
    {
        var me = await _kit.OperatorAsync(xp: 100);
        var agent = await _kit.AgentAsync(me);
        var locked = await _kit.Locks.LockAsync(me, agent, 100);

        var part = await _kit.Locks.RequestUnlockAsync(me, locked.Value!.Id, 30);

        Assert.NotEqual(locked.Value.Id, part.Value!.Id);
        var view = await _kit.Agents.FindAsync(agent);
        Assert.Equal((70, 30), (view!.LockedXp, view.UnlockingXp));
        Assert.Equal(EconomyErrors.AmountExceedsLock, (await _kit.Locks.RequestUnlockAsync(me, locked.Value.Id, 71)).Code);
    }

    [Fact]
    public async Task Locking_more_than_the_available_xp_or_on_another_operators_agent_is_refused()
    {
        var me = await _kit.OperatorAsync(xp: 10);
        var other = await _kit.OperatorAsync(xp: 10);
        var (mine, theirs) = (await _kit.AgentAsync(me), await _kit.AgentAsync(other));

        Assert.Equal(EconomyErrors.InsufficientXp, (await _kit.Locks.LockAsync(me, mine, 11)).Code);
        Assert.Equal(EconomyErrors.NotYourAgent, (await _kit.Locks.LockAsync(me, theirs, 1)).Code);
        Assert.Equal(EconomyErrors.LockNotFound, (await _kit.Locks.RequestUnlockAsync(other, (await _kit.Locks.LockAsync(me, mine, 5)).Value!.Id)).Code);
        Assert.Equal(5, await _kit.BalanceAsync(AccountId.XpAvailable(me)));
    }

    [Fact]
    public async Task Release_before_the_waiting_period_leaves_the_unlock_pending()
    {
        var me = await _kit.OperatorAsync(xp: 10);
        var locked = await _kit.Locks.LockAsync(me, await _kit.AgentAsync(me), 10);
        await _kit.Locks.RequestUnlockAsync(me, locked.Value!.Id);

        await _kit.Locks.ReleaseDueAsync();

        Assert.Equal(10, await _kit.BalanceAsync(AccountId.XpUnlocking(me)));
        Assert.Equal(LockStatus.Unlocking, Assert.Single(await _kit.Locks.ListAsync(me)).Status);
    }

    [Fact]
    public async Task Unlock_that_fell_due_while_the_app_was_down_is_released_on_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        long me;
        await using (var first = new AppFactory { Folder = folder })
        {
            var kit = new EconomyKit(first.Services);
            await first.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(session => ParameterChanges.SetLock(session, new LockPolicy(TimeSpan.FromSeconds(2)), "test"));
            me = await kit.OperatorAsync(xp: 500);
            var locked = await kit.Locks.LockAsync(me, await kit.AgentAsync(me), 500);
            await kit.Locks.RequestUnlockAsync(me, locked.Value!.Id);
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await using var second = new AppFactory { Folder = folder };
        var restarted = new EconomyKit(second.Services);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await restarted.BalanceAsync(AccountId.XpAvailable(me)) != 500 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(500, await restarted.BalanceAsync(AccountId.XpAvailable(me)));
        Assert.Equal(0, await restarted.BalanceAsync(AccountId.XpUnlocking(me)));
        Assert.Equal(LockStatus.Released, await restarted.DbAsync(db => db.Locks.Where(l => l.OperatorId == me).Select(l => l.Status).SingleAsync()));
        Assert.Equal(0, (await restarted.Agents.ListAsync(me)).Single().UnlockingXp);
    }
}
