using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Wallets;

/// <summary>
/// What an operator owns that sits in the exchange's escrow rather than in their own accounts: cash and XP held by
/// their open OTC offers (a buy offer holds its cash plus the largest fee), and cash of their failed jobs held while the
/// provider may dispute. The ledger keeps these in system escrow accounts, so the wallet's own figures leave them out;
/// without them, posting an offer made the money look gone.
/// </summary>
/// <param name="OtcCash">Cash micros held by open OTC offers.</param>
/// <param name="OtcXp">XP held by open OTC offers.</param>
/// <param name="JobEscrowCash">Cash micros of the operator's failed jobs awaiting their dispute window or an admin.</param>
public sealed record WalletHolds(long OtcCash, long OtcXp, long JobEscrowCash)
{
    /// <summary>Nothing held.</summary>
    public static WalletHolds None { get; } = new(0, 0, 0);

    /// <summary>Whether anything is held.</summary>
    public bool Any => OtcCash != 0 || OtcXp != 0 || JobEscrowCash != 0;

    /// <summary>Reads the holds of <paramref name="operatorId"/>: two indexed sums (open offers by operator, unsettled jobs).</summary>
    public static async Task<WalletHolds> ReadAsync(AppDbContext db, long operatorId, CancellationToken cancellationToken = default)
    {
        var offers = await db.OtcOffers.AsNoTracking()
            .Where(o => o.OperatorId == operatorId && o.Status == Data.Entities.OtcOfferStatus.Open)
            .GroupBy(o => o.Side).Select(g => new { Side = g.Key, Held = g.Sum(o => o.Held) })
            .ToListAsync(cancellationToken);
        var escrow = await DisputeService.Unsettled(db.Jobs.AsNoTracking())
            .Where(j => j.ClientOperatorId == operatorId).SumAsync(j => j.Held, cancellationToken);
        return new WalletHolds(
            offers.Where(o => o.Side == (int)Core.Matching.Side.Buy).Sum(o => o.Held),
            offers.Where(o => o.Side == (int)Core.Matching.Side.Sell).Sum(o => o.Held),
            escrow);
    }
}
