using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Burns XP for a fee tier (SPEC §4): irreversible, only for operators with at least one active agent, only from
/// available XP. The XP goes to the burn pool the next epoch redistributes; the row counts toward the tier for the
/// schedule's window.
/// </summary>
public sealed class BurnService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory)
{
    public const long MaxBurn = 1_000_000_000_000;

    /// <summary>The operator's burns, newest first, one page (sizes clamped as <see cref="Page{T}.Normalize"/>).</summary>
    public async Task<Page<BurnRecord>> PageAsync(long operatorId, int pageIndex, int pageSize, CancellationToken cancellationToken = default)
    {
        var (index, size) = Page<BurnRecord>.Normalize(pageIndex, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Burns.AsNoTracking().Where(b => b.OperatorId == operatorId);
        var items = await mine.OrderByDescending(b => b.Id).Skip(index * size).Take(size).ToListAsync(cancellationToken);
        return new Page<BurnRecord>(items, await mine.CountAsync(cancellationToken), index, size);
    }

    /// <summary>One of the operator's burns, or null when it has no burn with this id (another's included).</summary>
    public async Task<BurnRecord?> FindAsync(long operatorId, long burnId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Burns.AsNoTracking().SingleOrDefaultAsync(b => b.Id == burnId && b.OperatorId == operatorId, cancellationToken);
    }

    public async Task<EconomyResult<BurnReceipt>> BurnAsync(long operatorId, long xp, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (xp is < 1 or > MaxBurn)
            return new EconomyError(EconomyErrors.InvalidAmount, "Burn a whole number of XP, from 1 to 1,000,000,000,000.", "amount");
        var command = new BurnXp(operatorId, xp) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return await host.SubmitAsync<EconomyResult<BurnReceipt>>(command, cancellationToken);
    }

    /// <summary>Applies <see cref="BurnXp"/> on the writer: refused without an active agent or enough available XP.</summary>
    internal static EconomyResult<BurnReceipt> Apply(ExchangeSession session, BurnXp command)
    {
        var (operatorId, xp) = (command.OperatorId, command.Xp);
        var db = session.Db;
        var schedule = session.Parameters.Tiers;
        if (!db.Agents.Any(a => a.OperatorId == operatorId && a.RetiredAt == null))
            return new EconomyError(EconomyErrors.NoAgents, "Burning needs at least one active agent: register one on the Agents page first.");
        var available = session.Ledger.Balance(AccountId.XpAvailable(operatorId));
        if (available < xp)
            return new EconomyError(EconomyErrors.InsufficientXp, $"You have {new Xp(available)} available; you asked to burn {new Xp(xp)}.", "amount");

        var before = OperatorTier.Effective(db, schedule, operatorId, session.Now);
        var burn = new BurnRecord { OperatorId = operatorId, Amount = xp, At = session.Now };
        db.Burns.Add(burn);
        db.SaveChanges();
        if (!session.Ledger.Burn(operatorId, xp, burn.Id).Succeeded)
            throw new InvalidOperationException($"Burn {burn.Id} passed the balance check but the ledger refused it.");
        var after = OperatorTier.Effective(db, schedule, operatorId, session.Now);
        session.PublishAfterCommit(new XpBurned(operatorId, xp, before.Name, after.Name));
        return EconomyResult<BurnReceipt>.Ok(new BurnReceipt(burn.Id, xp, burn.At, before.Name, after.Name, after.FeeRate));
    }
}
