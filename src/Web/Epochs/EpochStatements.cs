using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Epochs;

/// <summary>Per-agent statements of a closed epoch for one operator, and the CSV files pages offer for download.</summary>
public sealed class EpochStatements(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StatementLine>> ForOperatorAsync(long operatorId, long number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var epoch = await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number && e.Status == EpochStatus.Closed, cancellationToken);
        if (epoch is null)
            return [];
        var agents = await db.Agents.AsNoTracking().Where(a => a.OperatorId == operatorId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var allocations = await db.EpochAllocations.AsNoTracking().Where(a => a.EpochNumber == number && a.OperatorId == operatorId)
            .ToDictionaryAsync(a => a.AgentId, cancellationToken);
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.ProviderOperatorId == operatorId && j.At >= epoch.StartsAt && j.At < epoch.EndsAt)
            .Select(j => new { j.ProviderAgentId, j.Fee, j.FeeTier, j.Succeeded, j.SelfDealing, j.Amount })
            .ToListAsync(cancellationToken);
        var burned = await db.Burns.AsNoTracking().Where(b => b.OperatorId == operatorId && b.At >= epoch.StartsAt && b.At < epoch.EndsAt)
            .SumAsync(b => (long?)b.Amount, cancellationToken) ?? 0;
        return agents
            .Where(a => a.CreatedAt < epoch.EndsAt)
            .Select(a =>
            {
                var mine = jobs.Where(j => j.ProviderAgentId == a.Id).ToList();
                allocations.TryGetValue(a.Id, out var line);
                return new StatementLine(number, a.Id, a.Name,
                    line?.Jobs ?? mine.Count(j => !j.SelfDealing),
                    line?.SuccessfulVolume ?? mine.Where(j => j.Succeeded && !j.SelfDealing).Sum(j => j.Amount),
                    mine.Sum(j => j.Fee),
                    string.Join(" / ", mine.Select(j => j.FeeTier).Where(t => t.Length > 0).Distinct()),
                    burned, a.LockedXp,
                    line?.V ?? 0, line?.Q ?? 0, line?.D ?? 0, line?.R ?? 0, line?.Share ?? 0, line?.Allocation ?? 0);
            })
            .ToList();
    }

    public static string StatementCsv(IEnumerable<StatementLine> lines)
    {
        var csv = new StringBuilder("epoch,agent_id,agent,jobs,successful_volume_usd,fees_paid_usd,fee_tiers,operator_burned_xp,locked_xp,volume_share,quality_share,diversity_share,reputation_share,share,allocation_xp\n");
        foreach (var l in lines)
            csv.AppendLine(Join(l.Epoch, l.AgentId, l.AgentName, l.Jobs, Usd(l.SuccessfulVolumeMicros), Usd(l.FeesPaidMicros), l.FeeTiers,
                l.OperatorBurnedXp, l.LockedXp, l.V, l.Q, l.D, l.R, l.Share, l.Allocation));
        return csv.ToString();
    }

    public static string AllocationsCsv(long number, IEnumerable<AllocationLine> lines)
    {
        var csv = new StringBuilder("epoch,agent_id,agent,operator,jobs,successful_volume_usd,distinct_counterparties,volume_share,quality_share,diversity_share,reputation_share,share,allocation_xp\n");
        foreach (var l in lines)
            csv.AppendLine(Join(number, l.AgentId, l.AgentName, l.OperatorName, l.Jobs, Usd(l.SuccessfulVolumeMicros), l.DistinctCounterparties,
                l.V, l.Q, l.D, l.R, l.Share, l.Allocation));
        return csv.ToString();
    }

    private static string Usd(long micros) => (micros / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);

    // Quote every text field that could hold a comma, quote or newline, as RFC 4180 asks.
    private static string Join(params object[] values) => string.Join(',', values.Select(v => v switch
    {
        string s => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    }));
}
