using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// The public leaderboard, paged in the database. The trust order reads the stored <see cref="Agent.TrustMilli"/>
/// through its index (TrustMilli desc, LockedXp desc, CreatedAt, Id: exactly the order, so a page reads one page of it); the age part of trust grows with time, so the stored key is
/// recomputed on every input change and hourly by <see cref="TrustRefresher"/>. Between refreshes an agent's key
/// lags by at most 1/18.25/24 ≈ 0.002 points, below the 0.1 shown, which an expression order (no index, a full
/// scan of 100,000 rows per page) would not be worth. Scores shown are computed at read time.
/// </summary>
public sealed class LeaderboardService(IDbContextFactory<AppDbContext> dbFactory, ParameterBoard parameters, TimeProvider clock, Exchange.ExchangeHost host)
{
    // A member-init shape (not a constructor) so EF Core can keep composing filters and orders on it.
    internal sealed class Candidate
    {
        public Agent Agent { get; init; } = default!;
        public string? Email { get; init; }
        public string? DisplayName { get; init; }
    }

    public async Task<Page<LeaderboardRow>> PageAsync(LeaderboardQuery query, CancellationToken cancellationToken = default)
    {
        var (index, size) = Page<LeaderboardRow>.Normalize(query.PageIndex, query.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (agents, rows) = Candidates(db, query);
        // Without a search the count needs no join: a range of the trust index.
        var total = string.IsNullOrWhiteSpace(query.Search) ? await agents.CountAsync(cancellationToken) : await rows.CountAsync(cancellationToken);
        var page = await PageOf(rows, query, index, size).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // In the trust order without a search the page's place is the rank (counted from the end when ascending): only
        // another order or a search needs the window over every agent (about 0.1 s at 100,000 agents).
        var plainTrustOrder = query.Sort == LeaderboardSort.Trust && string.IsNullOrWhiteSpace(query.Search);
        var ranks = plainTrustOrder ? null : await TrustRanksAsync(db, cancellationToken);
        var result = new List<LeaderboardRow>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            var a = page[i].Agent;
            var place = index * size + i;
            var rank = ranks is not null ? ranks.GetValueOrDefault(a.Id) : query.Descending ? place + 1 : total - place;
            var view = AgentView.From(a, OperatorNames.Of(page[i].DisplayName, page[i].Email, a.OperatorId), now);
            result.Add(new LeaderboardRow(rank, a.Id, a.Name, a.OperatorId, view.OperatorName, view.Trust, view.SuccessRate, a.JobsAsProvider, a.LockedXp, view.Age, a.EarnedLastEpoch));
        }
        return new Page<LeaderboardRow>(result, total, index, size);
    }

    /// <summary>One leaderboard page of <paramref name="rows"/>: in the query's order, <paramref name="size"/> rows from page <paramref name="index"/>.</summary>
    internal static IQueryable<Candidate> PageOf(IQueryable<Candidate> rows, LeaderboardQuery query, int index, int size) =>
        Order(rows, query.Sort, query.Descending).Skip(index * size).Take(size);

    /// <summary>
    /// The agents the leaderboard counts (the active ones), and the rows matching the query's search (as
    /// <see cref="LeaderboardQuery.SearchText"/> reads it) with their operator's names.
    /// </summary>
    internal static (IQueryable<Agent> Agents, IQueryable<Candidate> Rows) Candidates(AppDbContext db, LeaderboardQuery query)
    {
        // Retired agents carry a negative key, so the active ones are a range of the trust index. Sorted by another
        // column, the page filters on RetiredAt instead: a trust-range filter would lead SQLite to the trust index and
        // a full sort, where the column's own index stops after one page.
        var agents = db.Agents.AsNoTracking().Where(a => a.TrustMilli >= 0);
        var sortable = query.Sort == LeaderboardSort.Trust ? agents : db.Agents.AsNoTracking().Where(a => a.RetiredAt == null);
        var rows =
            from a in sortable
            join w in db.Wallets on a.OperatorId equals w.Id
            select new Candidate { Agent = a, Email = w.User!.Email, DisplayName = w.User.DisplayName };
        if (query.SearchText is { } search)
        {
            var pattern = $"%{EscapeLike(search)}%";
            // An operator without a display name goes by the email's part before the @ (OperatorNames.Of), so only
            // that part is searched ("%x%@%"): a search never tells whose address is at which domain.
            var local = pattern + "@%";
            // Letter case never matters: SQLite's LIKE ignores it (for ASCII letters); PostgreSQL's LIKE does not, and
            // its ILIKE ignores it for every letter.
            rows = db.Database.IsSqlite()
                ? rows.Where(r => EF.Functions.Like(r.Agent.Name, pattern, "\\") || (r.DisplayName != null ? EF.Functions.Like(r.DisplayName, pattern, "\\") : EF.Functions.Like(r.Email!, local, "\\")))
                : rows.Where(r => EF.Functions.ILike(r.Agent.Name, pattern, "\\") || (r.DisplayName != null ? EF.Functions.ILike(r.DisplayName, pattern, "\\") : EF.Functions.ILike(r.Email!, local, "\\")));
        }
        else if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // A search no name can match (a control character in it) matches no row, never every row.
            rows = rows.Where(r => false);
        }

        return (agents, rows);
    }

    /// <summary>
    /// Operators ranked by provider volume over the trailing 30 days (successful jobs for other operators; ties by
    /// operator id), with their tier now. Reads the per-day volumes (<see cref="OperatorVolumes"/>), at most 31 rows an
    /// operator, never every job of the month.
    /// </summary>
    public async Task<Page<OperatorVolumeRow>> OperatorsByVolumeAsync(int pageIndex = 0, int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var (index, size) = Page<OperatorVolumeRow>.Normalize(pageIndex, pageSize);
        var now = clock.GetUtcNow().UtcDateTime;
        var schedule = parameters.Current.Tiers;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var volumes = await OperatorVolumes.TrailingAsync(db, now, cancellationToken);
        var page = volumes.OrderByDescending(v => v.Volume).ThenBy(v => v.OperatorId).Skip(index * size).Take(size).ToList();
        var ids = page.Select(p => p.OperatorId).ToList();
        var names = await db.Wallets.AsNoTracking().Where(w => ids.Contains(w.Id))
            .Select(w => new { w.Id, w.User!.Email, w.User.DisplayName })
            .ToDictionaryAsync(w => w.Id, w => OperatorNames.Of(w.DisplayName, w.Email, w.Id), cancellationToken);
        var rows = new List<OperatorVolumeRow>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            var (operatorId, volume, jobs) = page[i];
            var tier = OperatorTier.Effective(db, schedule, operatorId, now);
            rows.Add(new OperatorVolumeRow(index * size + i + 1, operatorId, names.GetValueOrDefault(operatorId) ?? OperatorNames.Of(null, null, operatorId), new Cash(volume), jobs, tier.Name));
        }
        return new Page<OperatorVolumeRow>(rows, volumes.Count, index, size);
    }

    /// <summary>Escapes LIKE wildcards so a search for "50%" finds that text.</summary>
    public static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    // Every active agent's place in the trust order, by id, as of one economy version of the tables.
    private sealed record TrustRanks(long Version, Dictionary<long, int> RankById);

    private TrustRanks? _ranks;
    private readonly SemaphoreSlim _ranking = new(1, 1);

    // Places in the trust order for pages sorted by something else or searched. One index-only read of the trust index
    // (ids in its order) per economy version of the tables (ExchangeHost.EconomyVersion, which moves before a caller of
    // any change is answered), shared by every page until the next change: a quiet leaderboard answers any order from
    // memory, where a ranking window over every agent cost about 0.1 s a page at 100,000 agents.
    private async Task<IReadOnlyDictionary<long, int>> TrustRanksAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ranks) is { } cached && cached.Version == host.EconomyVersion)
            return cached.RankById;
        await _ranking.WaitAsync(cancellationToken);
        try
        {
            // Read before the tables: they show at least this version, so the map is never older than its tag (a change
            // committed meanwhile moves the version, and the next page reads the map again).
            var version = host.EconomyVersion;
            if (_ranks is { } again && again.Version == version)
                return again.RankById;
            var ids = await db.Agents.AsNoTracking().Where(a => a.TrustMilli >= 0)
                .OrderByDescending(a => a.TrustMilli).ThenByDescending(a => a.LockedXp).ThenBy(a => a.CreatedAt).ThenBy(a => a.Id)
                .Select(a => a.Id).ToListAsync(cancellationToken);
            var rankById = new Dictionary<long, int>(ids.Count);
            for (var i = 0; i < ids.Count; i++)
                rankById[ids[i]] = i + 1;
            Volatile.Write(ref _ranks, new TrustRanks(version, rankById));
            return rankById;
        }
        finally
        {
            _ranking.Release();
        }
    }

    private static IQueryable<Candidate> Order(IQueryable<Candidate> rows, LeaderboardSort sort, bool descending)
    {
        // The trust order is the index's own order (TrustMilli desc, LockedXp desc, CreatedAt, Id), read forwards or
        // backwards and stopping after one page. Any other or repeated term makes SQLite sort every run of equal
        // trust and locked XP instead: 90,000 agents sharing one score were sorted for each page (70-150 ms).
        if (sort == LeaderboardSort.Trust)
        {
            return descending
                ? rows.OrderByDescending(r => r.Agent.TrustMilli).ThenByDescending(r => r.Agent.LockedXp).ThenBy(r => r.Agent.CreatedAt).ThenBy(r => r.Agent.Id)
                : rows.OrderBy(r => r.Agent.TrustMilli).ThenBy(r => r.Agent.LockedXp).ThenByDescending(r => r.Agent.CreatedAt).ThenByDescending(r => r.Agent.Id);
        }
        IOrderedQueryable<Candidate> ordered = (sort, descending) switch
        {
            (LeaderboardSort.Name, false) => rows.OrderBy(r => r.Agent.Name),
            (LeaderboardSort.Name, true) => rows.OrderByDescending(r => r.Agent.Name),
            (LeaderboardSort.Operator, false) => rows.OrderBy(r => r.DisplayName ?? r.Email),
            (LeaderboardSort.Operator, true) => rows.OrderByDescending(r => r.DisplayName ?? r.Email),
            (LeaderboardSort.SuccessRate, false) => rows.OrderBy(r => r.Agent.JobsAsProvider == 0 ? -1 : r.Agent.SuccessRatePpb),
            (LeaderboardSort.SuccessRate, true) => rows.OrderByDescending(r => r.Agent.JobsAsProvider == 0 ? -1 : r.Agent.SuccessRatePpb),
            (LeaderboardSort.Jobs, false) => rows.OrderBy(r => r.Agent.JobsAsProvider),
            (LeaderboardSort.Jobs, true) => rows.OrderByDescending(r => r.Agent.JobsAsProvider),
            (LeaderboardSort.LockedXp, false) => rows.OrderBy(r => r.Agent.LockedXp),
            (LeaderboardSort.LockedXp, true) => rows.OrderByDescending(r => r.Agent.LockedXp),
            // Older is more age: descending age is ascending creation time.
            (LeaderboardSort.Age, false) => rows.OrderByDescending(r => r.Agent.CreatedAt),
            (LeaderboardSort.Age, true) => rows.OrderBy(r => r.Agent.CreatedAt),
            (LeaderboardSort.EarnedLastEpoch, false) => rows.OrderBy(r => r.Agent.EarnedLastEpoch),
            (LeaderboardSort.EarnedLastEpoch, true) => rows.OrderByDescending(r => r.Agent.EarnedLastEpoch),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such leaderboard order."),
        };
        // Ties always fall back to the spec's order: trust, more locked XP, older, then id for a stable page.
        return ordered.ThenByDescending(r => r.Agent.TrustMilli).ThenByDescending(r => r.Agent.LockedXp).ThenBy(r => r.Agent.CreatedAt).ThenBy(r => r.Agent.Id);
    }
}
