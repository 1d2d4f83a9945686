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

    /// <summary>An operator's statement as CSV, one record per agent (see <see cref="CsvExport"/> for the format).</summary>
    public static string StatementCsv(IEnumerable<StatementLine> lines) => CsvExport.Write(
        ["epoch", "agent_id", "agent", "jobs", "successful_volume_usd", "fees_paid_usd", "fee_tiers", "operator_burned_xp", "locked_xp",
         "volume_share", "quality_share", "diversity_share", "reputation_share", "share", "allocation_xp"],
        lines, (csv, l) =>
        {
            csv.WriteField(l.Epoch);
            csv.WriteField(l.AgentId);
            csv.WriteText(l.AgentName);
            csv.WriteField(l.Jobs);
            csv.WriteUsd(l.SuccessfulVolumeMicros);
            csv.WriteUsd(l.FeesPaidMicros);
            csv.WriteText(l.FeeTiers);
            csv.WriteField(l.OperatorBurnedXp);
            csv.WriteField(l.LockedXp);
            WriteShares(csv, l.V, l.Q, l.D, l.R, l.Share);
            csv.WriteField(l.Allocation);
        });

    /// <summary>Every allocation of a closed epoch as CSV, one record per agent (see <see cref="CsvExport"/> for the format).</summary>
    public static string AllocationsCsv(long number, IEnumerable<AllocationLine> lines) => CsvExport.Write(
        ["epoch", "agent_id", "agent", "operator", "jobs", "successful_volume_usd", "distinct_counterparties",
         "volume_share", "quality_share", "diversity_share", "reputation_share", "share", "allocation_xp"],
        lines, (csv, l) =>
        {
            csv.WriteField(number);
            csv.WriteField(l.AgentId);
            csv.WriteText(l.AgentName);
            csv.WriteText(l.OperatorName);
            csv.WriteField(l.Jobs);
            csv.WriteUsd(l.SuccessfulVolumeMicros);
            csv.WriteField(l.DistinctCounterparties);
            WriteShares(csv, l.V, l.Q, l.D, l.R, l.Share);
            csv.WriteField(l.Allocation);
        });

    private static void WriteShares(CsvHelper.CsvWriter csv, params ReadOnlySpan<decimal> shares)
    {
        foreach (var share in shares)
            csv.WriteField(share);
    }
}
