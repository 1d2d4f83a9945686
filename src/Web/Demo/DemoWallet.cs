using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Demo;

/// <summary>What a bot can spend: available cash in micro-dollars and available XP, as last committed.</summary>
public sealed record DemoWallet(long CashMicros, long Xp)
{
    /// <summary>Reads one operator's wallet; a bot only reads here, every change goes through the exchange's commands.</summary>
    public static async Task<DemoWallet> ReadAsync(IDbContextFactory<AppDbContext> dbFactory, long operatorId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Wallets.AsNoTracking().Where(w => w.Id == operatorId)
            .Select(w => new DemoWallet(w.CashAvailable, w.XpAvailable)).SingleOrDefaultAsync(cancellationToken) ?? new DemoWallet(0, 0);
    }
}
