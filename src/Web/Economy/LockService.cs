using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Locks XP on agents and unlocks it (SPEC §5). Each step moves XP between the operator's ledger accounts, writes
/// the lock row and updates the agent's locked/unlocking totals and trust in the same transaction. The state rules
/// are the core's <see cref="Core.Economy.XpLock"/>.
/// </summary>
public sealed class LockService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public Task<EconomyResult<LockView>> LockAsync(long operatorId, long agentId, long xp, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (xp is < 1 or > BurnService.MaxBurn)
            return Task.FromResult<EconomyResult<LockView>>(new EconomyError(EconomyErrors.InvalidAmount, "Lock a whole number of XP, from 1 to 1,000,000,000,000.", "amount"));
        var command = new LockXp(operatorId, agentId, xp) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return host.SubmitAsync<EconomyResult<LockView>>(command, cancellationToken);
    }

    /// <summary>
    /// Starts the waiting period for <paramref name="xp"/> of a lock (all of it when null). A partial unlock splits
    /// the lock: the rest stays locked on the same row, the unlocking part gets a row of its own (returned).
    /// </summary>
    /// <remarks>An amount out of range (below 1, or above any lock's size) is refused as invalid input before the lock is
    /// looked up, as every malformed value is, so its answer never depends on which lock ids exist.</remarks>
    public Task<EconomyResult<LockView>> RequestUnlockAsync(long operatorId, long lockId, long? xp = null, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (xp is < 1 or > BurnService.MaxBurn)
            return Task.FromResult<EconomyResult<LockView>>(new EconomyError(EconomyErrors.InvalidAmount,
                "Unlock a whole number of XP, from 1 to 1,000,000,000,000 (leave amount out to unlock the whole lock).", "amount"));
        return host.SubmitAsync<EconomyResult<LockView>>(new RequestUnlock(operatorId, lockId, xp) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);
    }

    /// <summary>Takes a pending unlock back: the XP is locked again and counts for trust at once.</summary>
    public Task<EconomyResult<LockView>> CancelUnlockAsync(long operatorId, long lockId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        host.SubmitAsync<EconomyResult<LockView>>(new CancelUnlock(operatorId, lockId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    /// <summary>Applies <see cref="LockXp"/>: available XP → locked on one of the operator's active agents.</summary>
    internal static EconomyResult<LockView> ApplyLock(ExchangeSession session, LockXp command)
    {
        var (operatorId, agentId, xp) = (command.OperatorId, command.AgentId, command.Xp);
        var db = session.Db;
        var agent = WriterRows.Agent(db, agentId);
        if (agent is null || agent.OperatorId != operatorId)
            return new EconomyError(EconomyErrors.NotYourAgent, "Pick one of your agents.", "agent");
        if (agent.RetiredAt is not null)
            return new EconomyError(EconomyErrors.AgentRetired, $"{agent.Name} is retired: XP cannot be locked on it.", "agent");
        var available = session.Ledger.Balance(AccountId.XpAvailable(operatorId));
        if (available < xp)
            return new EconomyError(EconomyErrors.InsufficientXp, $"You have {new Xp(available)} available; you asked to lock {new Xp(xp)}.", "amount");

        var row = new LockRecord { OperatorId = operatorId, AgentId = agentId, Amount = xp, Status = LockStatus.Locked, LockedAt = session.Now };
        db.Locks.Add(row);
        db.SaveChanges();
        if (!session.Ledger.Lock(operatorId, xp, row.Id).Succeeded)
            throw new InvalidOperationException($"Lock {row.Id} passed the balance check but the ledger refused it.");
        agent.LockedXp += xp;
        Changed(session, agent);
        return EconomyResult<LockView>.Ok(LockView.From(row, agent.Name));
    }

    /// <summary>Applies <see cref="RequestUnlock"/>: starts the waiting period (SPEC §5); a partial unlock splits the lock.</summary>
    internal static EconomyResult<LockView> ApplyRequestUnlock(ExchangeSession session, RequestUnlock command)
    {
        var (operatorId, lockId, xp) = (command.OperatorId, command.LockId, command.Xp);
        var db = session.Db;
        var policy = session.Parameters.Lock;
        var row = db.Locks.Find(lockId);
        if (row is null || row.OperatorId != operatorId)
            return new EconomyError(EconomyErrors.LockNotFound, "You have no lock with that id.");
        var amount = xp ?? row.Amount;
        var transition = LockRows.ToCore(row).RequestUnlock(new Xp(amount), OperatorTier.Utc(session.Now), policy);
        if (!transition.Succeeded)
            return LockRows.Refusal(transition.Refusal);

        var unlocking = row;
        if (transition.SplitOff is not null)
        {
            row.Amount -= amount;
            unlocking = new LockRecord { OperatorId = operatorId, AgentId = row.AgentId, Amount = amount, LockedAt = row.LockedAt };
            db.Locks.Add(unlocking);
        }
        unlocking.Status = LockStatus.Unlocking;
        unlocking.UnlockRequestedAt = session.Now;
        unlocking.ReleasableAt = session.Now + policy.WaitingPeriod;
        db.SaveChanges();
        if (!session.Ledger.RequestUnlock(operatorId, amount, unlocking.Id).Succeeded)
            throw new InvalidOperationException($"Unlock of lock {unlocking.Id} found the ledger's locked XP short.");
        var agent = WriterRows.Agent(db, row.AgentId)!;
        agent.LockedXp -= amount;
        agent.UnlockingXp += amount;
        Changed(session, agent);
        return EconomyResult<LockView>.Ok(LockView.From(unlocking, agent.Name));
    }

    /// <summary>Applies <see cref="CancelUnlock"/>: the XP is locked again and counts for trust at once.</summary>
    internal static EconomyResult<LockView> ApplyCancelUnlock(ExchangeSession session, CancelUnlock command)
    {
        var (operatorId, lockId) = (command.OperatorId, command.LockId);
        var db = session.Db;
        var row = db.Locks.Find(lockId);
        if (row is null || row.OperatorId != operatorId)
            return new EconomyError(EconomyErrors.LockNotFound, "You have no lock with that id.");
        var transition = LockRows.ToCore(row).CancelUnlock();
        if (!transition.Succeeded)
            return LockRows.Refusal(transition.Refusal);
        if (!session.Ledger.CancelUnlock(operatorId, row.Amount, row.Id).Succeeded)
            throw new InvalidOperationException($"Cancelling lock {row.Id} found the ledger's unlocking XP short.");
        // Clearing the request time makes a cancelled unlock vanish from the trust history, as it never took effect.
        row.Status = LockStatus.Locked;
        row.UnlockRequestedAt = null;
        row.ReleasableAt = null;
        var agent = WriterRows.Agent(db, row.AgentId)!;
        agent.LockedXp += row.Amount;
        agent.UnlockingXp -= row.Amount;
        Changed(session, agent);
        return EconomyResult<LockView>.Ok(LockView.From(row, agent.Name));
    }

    /// <summary>
    /// Releases every unlock whose waiting period has passed, in batches; returns how many. The background service
    /// calls this on start (so unlocks that fell due while the app was down are released) and periodically.
    /// </summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken = default)
    {
        var released = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var due = await db.Locks.AsNoTracking().Where(l => l.Status == LockStatus.Unlocking && l.ReleasableAt <= now)
                .OrderBy(l => l.ReleasableAt).Select(l => l.Id).Take(500).ToListAsync(cancellationToken);
            if (due.Count == 0)
                return released;
            var count = await host.SubmitAsync<int>(new ReleaseUnlocks(due) { By = Actor.System("unlocks") }, cancellationToken);
            released += count;
            if (count == 0)
                return released;
        }
    }

    /// <summary>Applies <see cref="ReleaseUnlocks"/>: releases the listed unlocks that are due at the command's time.</summary>
    internal static int ApplyRelease(ExchangeSession session, ReleaseUnlocks command)
    {
        var lockIds = command.LockIds;
        var db = session.Db;
        var count = 0;
        var operators = new HashSet<long>();
        var agents = new HashSet<long>();
        foreach (var id in lockIds)
        {
            var row = db.Locks.Find(id);
            // Re-checked on the writer: it may have been cancelled since it was listed.
            if (row is null || !LockRows.ToCore(row).Release(OperatorTier.Utc(session.Now)).Succeeded)
                continue;
            if (!session.Ledger.ReleaseUnlock(row.OperatorId, row.Amount, row.Id).Succeeded)
                throw new InvalidOperationException($"Releasing lock {row.Id} found the ledger's unlocking XP short.");
            row.Status = LockStatus.Released;
            row.ReleasedAt = session.Now;
            var agent = WriterRows.Agent(db, row.AgentId)!;
            agent.UnlockingXp -= row.Amount;
            operators.Add(row.OperatorId);
            agents.Add(agent.Id);
            session.PublishAfterCommit(new UnlockReleased(row.OperatorId, row.Id, agent.Id, agent.Name, row.Amount));
            count++;
        }
        if (count > 0)
        {
            session.PublishAfterCommit(new LocksChanged([.. operators]));
            session.PublishAfterCommit(new AgentsChanged([.. agents], [.. operators]));
        }
        return count;
    }

    /// <summary>The operator's locks, newest first; released ones only when asked.</summary>
    public async Task<IReadOnlyList<LockView>> ListAsync(long operatorId, bool includeReleased = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from l in db.Locks.AsNoTracking()
            where l.OperatorId == operatorId && (includeReleased || l.Status != LockStatus.Released)
            join a in db.Agents on l.AgentId equals a.Id
            orderby l.Status, l.LockedAt descending, l.Id descending
            select new { l, a.Name }).Take(500).ToListAsync(cancellationToken);
        return [.. rows.Select(r => LockView.From(r.l, r.Name))];
    }

    /// <summary>
    /// One page of the operator's locks, newest first: those not yet released (<paramref name="released"/> false), those
    /// released (true), or all (null).
    /// </summary>
    public async Task<Page<LockView>> PageAsync(long operatorId, bool? released, int pageIndex, int pageSize, CancellationToken cancellationToken = default)
    {
        var (index, size) = Page<LockView>.Normalize(pageIndex, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Locks.AsNoTracking().Where(l => l.OperatorId == operatorId);
        if (released is { } wanted)
            mine = wanted ? mine.Where(l => l.Status == LockStatus.Released) : mine.Where(l => l.Status != LockStatus.Released);
        var rows = await (
            from l in mine.OrderByDescending(l => l.Id).Skip(index * size).Take(size)
            join a in db.Agents on l.AgentId equals a.Id
            select new { l, a.Name }).ToListAsync(cancellationToken);
        return new Page<LockView>([.. rows.OrderByDescending(r => r.l.Id).Select(r => LockView.From(r.l, r.Name))], await mine.CountAsync(cancellationToken), index, size);
    }

    /// <summary>One of the operator's locks, or null when it has no lock with this id (another's included).</summary>
    public async Task<LockView?> FindAsync(long operatorId, long lockId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (
            from l in db.Locks.AsNoTracking()
            where l.Id == lockId && l.OperatorId == operatorId
            join a in db.Agents on l.AgentId equals a.Id
            select new { l, a.Name }).SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : LockView.From(row.l, row.Name);
    }

    /// <summary>The operator's available XP as last committed.</summary>
    public async Task<long> AvailableXpAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Wallets.AsNoTracking().Where(w => w.Id == operatorId).Select(w => w.XpAvailable).SingleOrDefaultAsync(cancellationToken);
    }

    private static void Changed(ExchangeSession session, Agent agent)
    {
        AgentTrust.Refresh(agent, session.Now);
        session.PublishAfterCommit(new LocksChanged([agent.OperatorId]));
        session.PublishAfterCommit(new AgentsChanged([agent.Id], [agent.OperatorId]));
    }
}
