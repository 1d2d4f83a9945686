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
        return RunAsync(operatorId, command, session =>
        {
            var db = session.Db;
            var trimmed = name.Trim();
            if (NameTaken(db, operatorId, trimmed, exceptId: 0))
                return Duplicate(trimmed);
            var since = createdAt is { } at && at < session.Now ? at : session.Now;
            var agent = new Agent { OperatorId = operatorId, Name = trimmed, Description = description?.Trim() ?? "", CreatedAt = since };
            AgentTrust.Refresh(agent, session.Now);
            db.Agents.Add(agent);
            db.SaveChanges();
            session.PublishAfterCommit(new AgentsChanged([agent.Id], [operatorId]));
            return Ok(agent);
        }, cancellationToken);
    }

    public Task<EconomyResult<AgentView>> RenameAsync(long operatorId, long agentId, string name, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (AgentRules.CheckName(name) is { } invalid)
            return Task.FromResult<EconomyResult<AgentView>>(invalid);
        name = AgentRules.NormalizeName(name);
        return EditAsync(new RenameAgent(operatorId, agentId, name) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, operatorId, agentId, (db, agent) =>
        {
            var trimmed = name.Trim();
            if (NameTaken(db, operatorId, trimmed, agentId))
                return Duplicate(trimmed);
            agent.Name = trimmed;
            return null;
        }, cancellationToken);
    }

    public Task<EconomyResult<AgentView>> DescribeAsync(long operatorId, long agentId, string? description, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (AgentRules.CheckDescription(description) is { } invalid)
            return Task.FromResult<EconomyResult<AgentView>>(invalid);
        description = AgentRules.NormalizeDescription(description);
        return EditAsync(new DescribeAgent(operatorId, agentId, description) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, operatorId, agentId, (_, agent) =>
        {
            agent.Description = description?.Trim() ?? "";
            return null;
        }, cancellationToken);
    }

    /// <summary>Retires an agent: it leaves the leaderboard and takes no new jobs or locks. Its XP must be unlocked first.</summary>
    public Task<EconomyResult<AgentView>> RetireAsync(long operatorId, long agentId, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        EditAsync(new RetireAgent(operatorId, agentId) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey }, operatorId, agentId, (_, agent) =>
        {
            if (agent.LockedXp > 0 || agent.UnlockingXp > 0)
                return new EconomyError(EconomyErrors.AgentHasLockedXp, "Unlock this agent's XP and wait for the release before retiring it.");
            return null;
        }, cancellationToken, retire: true);

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
        var query = db.Agents.AsNoTracking().Where(a => a.RetiredAt == null);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = $"%{LeaderboardService.EscapeLike(text.Trim())}%";
            query = query.Where(a => EF.Functions.Like(a.Name, pattern, "\\"));
        }
        var rows = await query.OrderByDescending(a => a.TrustMilli).ThenBy(a => a.Id).Take(Math.Clamp(take, 1, 100))
            .Select(a => new { a.Id, a.Name, a.OperatorId }).ToListAsync(cancellationToken);
        var options = new List<AgentOption>(rows.Count);
        foreach (var row in rows)
            options.Add(new AgentOption(row.Id, row.Name, row.OperatorId, await directory.NameOfAsync(row.OperatorId, cancellationToken)));
        return options;
    }

    private Task<EconomyResult<AgentView>> EditAsync(ExchangeCommand command, long operatorId, long agentId, Func<AppDbContext, Agent, EconomyError?> edit, CancellationToken cancellationToken, bool retire = false) =>
        RunAsync(operatorId, command, session =>
        {
            var db = session.Db;
            var agent = db.Agents.Find(agentId);
            if (agent is null || agent.OperatorId != operatorId)
                return new EconomyError(EconomyErrors.AgentNotFound, "You have no agent with that id.");
            if (agent.RetiredAt is not null)
                return new EconomyError(EconomyErrors.AgentRetired, "This agent is retired.");
            if (edit(db, agent) is { } refused)
                return refused;
            if (retire)
            {
                agent.RetiredAt = session.Now;
                AgentTrust.Refresh(agent, session.Now);
            }
            session.PublishAfterCommit(new AgentsChanged([agent.Id], [operatorId]));
            return Ok(agent);
        }, cancellationToken);

    // The outcome carries the agent's view (not the tracked entity) so a repeat of an idempotent command returns it as JSON.
    private async Task<EconomyResult<AgentView>> RunAsync(long operatorId, ExchangeCommand command, Func<ExchangeSession, EconomyResult<Agent>> work, CancellationToken cancellationToken)
    {
        var name = await directory.NameOfAsync(operatorId, cancellationToken);
        return await host.SubmitAsync(command, session =>
        {
            var result = work(session);
            return result.Succeeded
                ? EconomyResult<AgentView>.Ok(AgentView.From(result.Value!, name, session.Now))
                : EconomyResult<AgentView>.Fail(result.Code!, result.Message!, result.Field);
        }, cancellationToken);
    }

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

    private static EconomyResult<Agent> Ok(Agent agent) => EconomyResult<Agent>.Ok(agent);
}
