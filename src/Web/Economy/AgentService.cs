using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Registers, edits and retires agents, and reads them for pages and the API. Writes run on the exchange's single
/// writer so a name check and the insert cannot interleave with another request, and trust inputs on the same row
/// are never overwritten by a concurrent job or lock.
/// </summary>
public sealed class AgentService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, OperatorDirectory directory, TimeProvider clock)
{
    public Task<EconomyResult<AgentView>> RegisterAsync(long operatorId, string name, string? description, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        RegisterAsync(operatorId, name, description, createdAt: null, cancellationToken, idempotencyKey);

    /// <summary>
    /// Registers an agent that has existed since <paramref name="createdAt"/> (never later than now): the demo
    /// population's agents come with histories of days to years, so their age part of trust varies.
    /// </summary>
    internal Task<EconomyResult<AgentView>> RegisterAsync(long operatorId, string name, string? description, DateTime? createdAt, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        if ((AgentRules.CheckName(name) ?? AgentRules.CheckDescription(description)) is { } invalid)
            return Task.FromResult<EconomyResult<AgentView>>(invalid);
        (name, description) = (AgentRules.NormalizeName(name), AgentRules.NormalizeDescription(description));
        var command = new RegisterAgent(operatorId, name, description, createdAt) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return RunAsync(operatorId, command, cancellationToken);
    }

    public Task<EconomyResult<AgentView>> RenameAsync(long operatorId, long agentId, string name, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (AgentRules.CheckName(name) is { } invalid)
            return Task.FromResult<EconomyResult<AgentView>>(invalid);
        name = AgentRules.NormalizeName(name);
        return RunAsync(operatorId, new RenameAgent(operatorId, agentId, name) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);
    }

    public Task<EconomyResult<AgentView>> DescribeAsync(long operatorId, long agentId, string? description, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (AgentRules.CheckDescription(description) is { } invalid)
            return Task.FromResult<EconomyResult<AgentView>>(invalid);
        description = AgentRules.NormalizeDescription(description);
        return RunAsync(operatorId, new DescribeAgent(operatorId, agentId, description) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);
    }

    /// <summary>Retires an agent: it leaves the leaderboard and takes no new jobs or locks. Its XP must be unlocked first.</summary>
    public Task<EconomyResult<AgentView>> RetireAsync(long operatorId, long agentId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        RunAsync(operatorId, new RetireAgent(operatorId, agentId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, cancellationToken);

    /// <summary>The operator's agents, active first then retired, newest first within each.</summary>
    public async Task<IReadOnlyList<AgentView>> ListAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking().Where(a => a.OperatorId == operatorId)
            .OrderBy(a => a.RetiredAt != null).ThenByDescending(a => a.CreatedAt).ToListAsync(cancellationToken);
        var name = await directory.NameOfAsync(operatorId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. agents.Select(a => AgentView.From(a, name, now))];
    }

    /// <summary>The most agents one page of <see cref="PageAsync"/> reads: an operator's whole active fleet (README "Agents").</summary>
    public const int MaxPage = 1_000;

    /// <summary>
    /// A page of the operator's agents, newest first (the API's list): active ones (not retired) when
    /// <paramref name="active"/> is true, retired ones when false, both when null; at most <paramref name="limit"/>
    /// (1..<see cref="MaxPage"/>), with an id below <paramref name="before"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<AgentView>> PageAsync(long operatorId, bool? active, long? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking()
            .Where(a => a.OperatorId == operatorId && (before == null || a.Id < before) && (active == null || (a.RetiredAt == null) == active))
            .OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(cancellationToken);
        var name = await directory.NameOfAsync(operatorId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. agents.Select(a => AgentView.From(a, name, now))];
    }

    public async Task<AgentView?> FindAsync(long agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is null)
            return null;
        return AgentView.From(agent, await directory.NameOfAsync(agent.OperatorId, cancellationToken), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The agent's epoch allocations, newest first (empty until an epoch closes with it eligible).</summary>
    public async Task<IReadOnlyList<AgentEpochLine>> EpochHistoryAsync(long agentId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EpochAllocations.AsNoTracking().Where(e => e.AgentId == agentId).OrderByDescending(e => e.EpochNumber).Take(take)
            .Select(e => new AgentEpochLine(e.EpochNumber, e.Jobs, e.Share, e.Allocation)).ToListAsync(cancellationToken);
    }

    /// <summary>Active agents whose name contains <paramref name="text"/> (any operator), for the provider picker.</summary>
    public async Task<IReadOnlyList<AgentOption>> SearchAsync(string? text, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agents = db.Agents.AsNoTracking().Where(a => a.RetiredAt == null);
        if (!string.IsNullOrWhiteSpace(text))
        {
            // The agent's name or its operator's public name (the display name, else the email's part before the @,
            // OperatorNames.Of: "%x%@%" finds x only there, so a search never probes the domain), in any letter case
            // (SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE ignores it for every letter).
            var pattern = $"%{LeaderboardService.EscapeLike(text.Trim())}%";
            var local = pattern + "@%";
            var named =
                from a in agents
                join w in db.Wallets on a.OperatorId equals w.Id
                select new { Agent = a, w.User!.DisplayName, w.User.Email };
            named = db.Database.IsSqlite()
                ? named.Where(r => EF.Functions.Like(r.Agent.Name, pattern, "\\")
                    || (r.DisplayName != null ? EF.Functions.Like(r.DisplayName, pattern, "\\") : EF.Functions.Like(r.Email!, local, "\\")))
                : named.Where(r => EF.Functions.ILike(r.Agent.Name, pattern, "\\")
                    || (r.DisplayName != null ? EF.Functions.ILike(r.DisplayName, pattern, "\\") : EF.Functions.ILike(r.Email!, local, "\\")));
            agents = named.Select(r => r.Agent);
        }
        var rows = await agents.OrderByDescending(a => a.TrustMilli).ThenBy(a => a.Id).Take(Math.Clamp(take, 1, 100))
            .Select(a => new { a.Id, a.Name, a.OperatorId }).ToListAsync(cancellationToken);
        var options = new List<AgentOption>(rows.Count);
        foreach (var row in rows)
            options.Add(new AgentOption(row.Id, row.Name, row.OperatorId, await directory.NameOfAsync(row.OperatorId, cancellationToken)));
        return options;
    }

    // The handler's view has no operator name (that lives in the user directory, not in exchange state): added here.
    private async Task<EconomyResult<AgentView>> RunAsync(long operatorId, ExchangeCommand command, CancellationToken cancellationToken)
    {
        var result = await host.SubmitAsync<EconomyResult<AgentView>>(command, cancellationToken);
        if (result.Value is not { } view)
            return result;
        return result with { Value = view with { OperatorName = await directory.NameOfAsync(operatorId, cancellationToken) } };
    }

    /// <summary>
    /// Applies <see cref="RegisterAgent"/>: a name unique among the operator's active agents, at most
    /// <see cref="AgentRules.MaxActiveAgents"/> of them (422 <c>too_many_agents</c>), backdating allowed up to the command's time.
    /// </summary>
    internal static EconomyResult<AgentView> ApplyRegister(ExchangeSession session, RegisterAgent command)
    {
        var db = session.Db;
        var trimmed = command.Name.Trim();
        if (db.Agents.Count(a => a.OperatorId == command.OperatorId && a.RetiredAt == null) >= AgentRules.MaxActiveAgents)
        {
            return new EconomyError(EconomyErrors.TooManyAgents,
                $"You already have {AgentRules.MaxActiveAgents:N0} active agents: retire one before registering another.");
        }
        if (NameTaken(db, command.OperatorId, trimmed, exceptId: 0))
            return Duplicate(trimmed);
        var since = command.CreatedAt is { } at && at < session.Now ? at : session.Now;
        var agent = new Agent { OperatorId = command.OperatorId, Name = trimmed, Description = command.Description?.Trim() ?? "", CreatedAt = since };
        AgentTrust.Refresh(agent, session.Now);
        db.Agents.Add(agent);
        db.SaveChanges();
        session.PublishAfterCommit(new AgentsChanged([agent.Id], [command.OperatorId]));
        return View(session, agent);
    }

    /// <summary>Applies <see cref="RenameAgent"/>.</summary>
    internal static EconomyResult<AgentView> ApplyRename(ExchangeSession session, RenameAgent command) =>
        Edit(session, command.OperatorId, command.AgentId, (db, agent) =>
        {
            var trimmed = command.Name.Trim();
            if (NameTaken(db, command.OperatorId, trimmed, command.AgentId))
                return Duplicate(trimmed);
            agent.Name = trimmed;
            return null;
        });

    /// <summary>Applies <see cref="DescribeAgent"/>.</summary>
    internal static EconomyResult<AgentView> ApplyDescribe(ExchangeSession session, DescribeAgent command) =>
        Edit(session, command.OperatorId, command.AgentId, (_, agent) =>
        {
            agent.Description = command.Description?.Trim() ?? "";
            return null;
        });

    /// <summary>Why an agent holding locked or unlocking XP cannot be retired.</summary>
    public const string RetireWithLockedXp = "Unlock this agent's XP and wait for the release before retiring it.";

    /// <summary>Applies <see cref="RetireAgent"/>: refused while the agent holds locked or unlocking XP.</summary>
    internal static EconomyResult<AgentView> ApplyRetire(ExchangeSession session, RetireAgent command) =>
        Edit(session, command.OperatorId, command.AgentId, (_, agent) =>
        {
            if (agent.LockedXp > 0 || agent.UnlockingXp > 0)
                return new EconomyError(EconomyErrors.AgentHasLockedXp, RetireWithLockedXp);
            agent.RetiredAt = session.Now;
            AgentTrust.Refresh(agent, session.Now);
            return null;
        });

    private static EconomyResult<AgentView> Edit(ExchangeSession session, long operatorId, long agentId, Func<AppDbContext, Agent, EconomyError?> edit)
    {
        var db = session.Db;
        var agent = WriterRows.Agent(db, agentId);
        if (agent is null || agent.OperatorId != operatorId)
            return new EconomyError(EconomyErrors.AgentNotFound, "You have no agent with that id.");
        if (agent.RetiredAt is not null)
            return new EconomyError(EconomyErrors.AgentRetired, "This agent is retired.");
        if (edit(db, agent) is { } refused)
            return refused;
        session.PublishAfterCommit(new AgentsChanged([agent.Id], [operatorId]));
        return View(session, agent);
    }

    private static EconomyResult<AgentView> View(ExchangeSession session, Agent agent) => EconomyResult<AgentView>.Ok(AgentView.From(agent, "", session.Now));

    // Compared in .NET, not SQL: SQLite's lower() folds only ASCII and knows nothing of NFC. An operator has few
    // active agents, and normalising both sides also catches names stored before the rule.
    private static bool NameTaken(AppDbContext db, long operatorId, string name, long exceptId)
    {
        var key = AgentRules.NameKey(name);
        return db.Agents.Where(a => a.OperatorId == operatorId && a.RetiredAt == null && a.Id != exceptId)
            .Select(a => a.Name).AsEnumerable().Any(other => AgentRules.NameKey(other) == key);
    }

    private static EconomyError Duplicate(string name) =>
        new(EconomyErrors.DuplicateName, $"You already have an agent called \"{name}\".", "name");

}
