using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Admin;

/// <summary>Computes <see cref="Supply"/> from the Wallets and SystemAccounts tables, as committed.</summary>
public sealed class SupplyReport(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Supply> ComputeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One snapshot for both tables: read apart, a batch committed between them reads as money created or lost.
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var wallets = await db.Wallets.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(g => new
            {
                CashAvailable = g.Sum(w => w.CashAvailable), CashHeld = g.Sum(w => w.CashHeld),
                XpAvailable = g.Sum(w => w.XpAvailable), XpHeld = g.Sum(w => w.XpHeld),
                XpLocked = g.Sum(w => w.XpLocked), XpUnlocking = g.Sum(w => w.XpUnlocking),
                Negative = g.Count(w => w.CashAvailable < 0 || w.CashHeld < 0 || w.XpAvailable < 0 || w.XpHeld < 0 || w.XpLocked < 0 || w.XpUnlocking < 0),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var system = await db.SystemAccounts.AsNoTracking().ToDictionaryAsync(s => s.Kind, s => s.Balance, cancellationToken);
        long System(AccountKind kind) => system.GetValueOrDefault((int)kind);
        return new Supply(
            -System(AccountKind.Emission),
            wallets?.XpAvailable ?? 0, wallets?.XpHeld ?? 0, wallets?.XpLocked ?? 0, wallets?.XpUnlocking ?? 0,
            System(AccountKind.BurnPool),
            -System(AccountKind.ExternalCash),
            wallets?.CashAvailable ?? 0, wallets?.CashHeld ?? 0, System(AccountKind.Treasury),
            wallets?.Negative ?? 0, System(AccountKind.JobEscrow), System(AccountKind.OtcXpEscrow), System(AccountKind.OtcCashEscrow));
    }
}
