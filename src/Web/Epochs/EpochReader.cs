using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Epochs;

/// <summary>Reads epochs for pages and the API, off the writer (WAL lets reads run while it commits).</summary>
public sealed class EpochReader(IDbContextFactory<AppDbContext> dbFactory, ParameterBoard parameterBoard, Exchange.ExchangeFeed feed, TimeProvider clock,
    ILogger<EpochReader> logger)
{
    /// <summary>How long a preview is reused at most: trust's age part moves with time even when nothing happens.</summary>
    public static readonly TimeSpan MaxReuse = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _previewGate = new(1, 1);
    private readonly IDisposable _subscription = feed.Subscribe(e =>
    {
        // What an epoch is scored on: jobs, burns, agents' trust inputs (locks, retirements), the rules, the close.
        if (e is Economy.JobRecorded or Economy.XpBurned or Economy.AgentsChanged or Economy.LocksChanged or ParametersChanged or EpochClosed or EpochExclusionsChanged)
            Interlocked.Increment(ref _generation);
    });
    // Shared by every reader in the process (a field initializer cannot reach an instance field): another app's
    // events in the same process only cost a recomputation, never a stale preview.
    private static long _generation;
    private Preview? _preview;

    private sealed record Preview(CurrentEpoch Epoch, long Generation, DateTime ComputedAt);

    /// <summary>
    /// The open epoch with a preview of its allocation if it closed now, by the rules in force; null before epoch 1
    /// exists. Scoring every working agent costs seconds at tens of thousands of agents, so one preview serves every
    /// caller (pages, the API, every open tab): one caller at a time computes it, and it is reused until a job, burn,
    /// agent or lock change, a parameter change or a close is published, for at most <see cref="MaxReuse"/>.
    /// </summary>
    public async Task<CurrentEpoch?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Reusable(_preview) is { } fresh)
            return fresh;
        await _previewGate.WaitAsync(cancellationToken);
        try
        {
            if (Reusable(_preview) is { } computedMeanwhile)
                return computedMeanwhile;
            var generation = Interlocked.Read(ref _generation);
            var current = await ComputeAsync(cancellationToken);
            _preview = current is null ? null : new Preview(current, generation, clock.GetUtcNow().UtcDateTime);
            return current;
        }
        finally
        {
            _previewGate.Release();
        }
    }

    /// <summary>The preview <see cref="CurrentAsync"/> would return without computing, or null when it would compute one.</summary>
    public CurrentEpoch? Cached() => Reusable(_preview);

    /// <summary>
    /// Starts computing the preview in the background when none is reusable, so a first page render can answer at
    /// once with a loading state; the circuit that follows gets it from <see cref="CurrentAsync"/>.
    /// </summary>
    public void Warm()
    {
        if (Cached() is not null)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await CurrentAsync();
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "The epoch preview could not be computed in the background; the next reader computes it");
            }
        });
    }

    private CurrentEpoch? Reusable(Preview? preview)
    {
        if (preview is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var age = now - preview.ComputedAt;
        if (preview.Generation != Interlocked.Read(ref _generation) || age < TimeSpan.Zero || age >= MaxReuse || now >= preview.Epoch.EndsAt)
            return null;
        return preview.Epoch with { At = now };
    }

    private async Task<CurrentEpoch?> ComputeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var epoch = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Open)
            .OrderBy(e => e.Number).FirstOrDefaultAsync(cancellationToken);
        if (epoch is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // Up to and including now: one microsecond on, the finest step every provider stores.
        var end = now < epoch.EndsAt ? now.AddTicks(TimeSpan.TicksPerMicrosecond) : epoch.EndsAt;
        // One set of parameters for the whole preview: the rules that count the jobs are the ones that score them.
        var set = parameterBoard.Current;
        var parameters = set.Epoch;
        var agents = await Task.Run(() => EpochData.Load(db, epoch.Number, end), cancellationToken);
        var excluded = EpochExclusions.Load(db, epoch.Number);
        var preview = EpochAllocator.Allocate(new Xp(epoch.Pool), agents, parameters, set.Rules, excluded);
        var burned = await db.Burns.AsNoTracking().Where(b => b.At >= epoch.StartsAt && b.At < end)
            .SumAsync(b => (long?)b.Amount, cancellationToken) ?? 0;
        return new CurrentEpoch(epoch.Number, epoch.StartsAt, epoch.EndsAt, now, epoch.Pool, epoch.PoolFromBurns,
            epoch.CarryIn, epoch.Emission, burned, parameters, preview);
    }

    /// <summary>Closed epochs, newest first, and how many there are.</summary>
    public async Task<(IReadOnlyList<EpochRecord> Items, int Total)> HistoryAsync(int page, int size, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Closed epochs, and one being paid (its totals are final).
        var closed = db.Epochs.AsNoTracking().Where(e => e.Status != EpochStatus.Open);
        var total = await closed.CountAsync(cancellationToken);
        var items = await closed.OrderByDescending(e => e.Number).Skip(Math.Max(0, page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<EpochRecord?> FindAsync(long number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Epochs.AsNoTracking().SingleOrDefaultAsync(e => e.Number == number, cancellationToken);
    }

    /// <summary>Every agent line of a closed epoch (optionally one operator's), largest allocation first.</summary>
    /// <summary>How many allocation lines epoch <paramref name="number"/> has.</summary>
    public async Task<int> AllocationCountAsync(long number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EpochAllocations.CountAsync(a => a.EpochNumber == number, cancellationToken);
    }

    public async Task<IReadOnlyList<AllocationLine>> AllocationsAsync(long number, long? operatorId = null, CancellationToken cancellationToken = default,
        int skip = 0, int? take = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.EpochAllocations.AsNoTracking().Where(a => a.EpochNumber == number);
        if (operatorId is { } op)
            rows = rows.Where(a => a.OperatorId == op);
        if (take is { } count)
            rows = rows.OrderByDescending(a => a.Allocation).ThenBy(a => a.AgentId).Skip(skip).Take(count);
        // Names by join, not by lists of ids: one statement of the same size for one line or 100,000.
        var named = await (
            from l in rows
            join a in db.Agents on l.AgentId equals a.Id into agents
            from a in agents.DefaultIfEmpty()
            join w in db.Wallets on l.OperatorId equals w.Id into wallets
            from w in wallets.DefaultIfEmpty()
            select new { Line = l, AgentName = a == null ? null : a.Name, Email = w == null ? null : w.User!.Email, DisplayName = w == null ? null : w.User!.DisplayName })
            .ToListAsync(cancellationToken);
        return named
            .OrderByDescending(n => n.Line.Allocation).ThenBy(n => n.Line.AgentId)
            .Select(n =>
            {
                var l = n.Line;
                return new AllocationLine(l.AgentId, n.AgentName ?? $"agent {l.AgentId}", l.OperatorId,
                    OperatorNames.Of(n.DisplayName, n.Email, l.OperatorId), l.Jobs, l.SuccessfulVolume, l.DistinctCounterparties,
                    l.V, l.Q, l.D, l.R, l.Share, l.Allocation);
            })
            .ToList();
    }

    /// <summary>The preview of <paramref name="current"/> as named lines, largest allocation first.</summary>
    public async Task<IReadOnlyList<AllocationLine>> PreviewLinesAsync(CurrentEpoch current, long? operatorId = null, CancellationToken cancellationToken = default)
    {
        var agents = current.Preview.Agents
            .Where(a => operatorId is null || a.OperatorId == EpochData.OperatorKey(operatorId.Value)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The preview exists only in memory, so its ids go to the database as a list: one JSON parameter whatever
        // its length (DatabaseExtensions.ConfigureSqlite), never one SQL variable per id.
        var agentIds = agents.Select(a => a.AgentId).ToList();
        var names = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var operatorIds = agents.Select(a => long.Parse(a.OperatorId, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var publicNames = await db.Wallets.AsNoTracking().Where(w => operatorIds.Contains(w.Id))
            .Select(w => new { w.Id, w.User!.DisplayName, w.User.Email }).ToDictionaryAsync(w => w.Id, w => OperatorNames.Of(w.DisplayName, w.Email, w.Id), cancellationToken);
        return agents
            .OrderByDescending(a => a.Allocation.Units).ThenBy(a => a.AgentId)
            .Select(a =>
            {
                var op = long.Parse(a.OperatorId, System.Globalization.CultureInfo.InvariantCulture);
                return new AllocationLine(a.AgentId, names.GetValueOrDefault(a.AgentId, $"agent {a.AgentId}"), op,
                    publicNames.GetValueOrDefault(op) ?? OperatorNames.Of(null, null, op), a.Jobs, a.SuccessfulVolume.Micros, a.DistinctCounterparties,
                    a.V, a.Q, a.D, a.R, a.Share, a.Allocation.Units);
            })
            .ToList();
    }


}
