using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Wallets;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// What each operator has in the exchange's escrow (<see cref="WalletHolds"/>: open OTC offers, failed jobs awaiting
/// their dispute window), kept beside the ledger so every wallet the exchange publishes (the user stream's
/// <c>Balance</c> and <c>Snapshot</c>) carries it. The ledger holds escrow in system accounts, not per operator, so
/// these figures are read from the rows that own them: all at once when the state is loaded (two grouped sums over the
/// open offers and the unsettled jobs, both indexed), and for an operator again after a batch whose postings moved
/// their escrow. Only operators with something held are kept.
/// </summary>
internal sealed class EscrowHolds
{
    private readonly Dictionary<long, WalletHolds> _byOperator = [];

    /// <summary>How many operators have something in escrow.</summary>
    public int Count => _byOperator.Count;

    /// <summary>What <paramref name="operatorId"/> has in escrow (<see cref="WalletHolds.None"/> when nothing).</summary>
    public WalletHolds Of(long operatorId) => _byOperator.GetValueOrDefault(operatorId) ?? WalletHolds.None;

    /// <summary>Reads again what each of <paramref name="operators"/> has in escrow, as <paramref name="db"/> sees it now.</summary>
    public async Task RefreshAsync(AppDbContext db, IEnumerable<long> operators, CancellationToken cancellationToken = default)
    {
        foreach (var operatorId in operators)
            Set(operatorId, await WalletHolds.ReadAsync(db, operatorId, cancellationToken));
    }

    /// <summary>Every operator's escrow as <paramref name="db"/> holds it.</summary>
    public static async Task<EscrowHolds> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var holds = new EscrowHolds();
        var offers = await db.OtcOffers.AsNoTracking()
            .Where(o => o.Status == Data.Entities.OtcOfferStatus.Open)
            .GroupBy(o => new { o.OperatorId, o.Side }).Select(g => new { g.Key.OperatorId, g.Key.Side, Held = g.Sum(o => o.Held) })
            .ToListAsync(cancellationToken);
        var jobs = await DisputeService.Unsettled(db.Jobs.AsNoTracking())
            .GroupBy(j => j.ClientOperatorId).Select(g => new { OperatorId = g.Key, Held = g.Sum(j => j.Held) })
            .ToListAsync(cancellationToken);
        var byOperator = new Dictionary<long, WalletHolds>();
        foreach (var offer in offers)
        {
            var held = byOperator.GetValueOrDefault(offer.OperatorId) ?? WalletHolds.None;
            byOperator[offer.OperatorId] = offer.Side == (int)Core.Matching.Side.Buy
                ? held with { OtcCash = held.OtcCash + offer.Held }
                : held with { OtcXp = held.OtcXp + offer.Held };
        }
        foreach (var job in jobs)
            byOperator[job.OperatorId] = (byOperator.GetValueOrDefault(job.OperatorId) ?? WalletHolds.None) with { JobEscrowCash = job.Held };
        foreach (var (operatorId, held) in byOperator)
            holds.Set(operatorId, held);
        return holds;
    }

    private void Set(long operatorId, WalletHolds holds)
    {
        if (holds.Any)
            _byOperator[operatorId] = holds;
        else
            _byOperator.Remove(operatorId);
    }
}
