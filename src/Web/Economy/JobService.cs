using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Records jobs (SPEC §3). A successful job settles at once in one ledger transfer: the client's operator pays the
/// amount, the provider's operator receives it less the fee at its effective tier at that moment, the treasury the
/// fee. A failed job holds the amount from the client in escrow while the provider may dispute it (see
/// <see cref="DisputeService"/>). The provider's trust inputs change in the same transaction.
/// </summary>
public sealed class JobService(ExchangeHost host, IDbContextFactory<AppDbContext> dbFactory, Parameters.ParameterBoard parameters)
{
    /// <summary>The largest job amount accepted, in dollars.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    public async Task<EconomyResult<JobReceipt>> RecordAsync(long operatorId, long clientAgentId, long providerAgentId, decimal amount, bool succeeded,
        CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        if (CheckAmount(amount) is { } invalid)
            return invalid;
        if (clientAgentId == providerAgentId)
            return new EconomyError(EconomyErrors.SameAgent, "An agent cannot do a job for itself: pick another provider.", "provider");
        var cash = Cash.FromDollars(amount);
        var command = new RecordJob(operatorId, clientAgentId, providerAgentId, cash.Micros, succeeded) { By = Actor.Operator(operatorId), IdempotencyKey = idempotencyKey };
        return await host.SubmitAsync<EconomyResult<JobReceipt>>(command, cancellationToken);
    }

    /// <summary>Checks a job amount in dollars: positive, at most <see cref="MaxAmount"/>, whole micro-dollars.</summary>
    public static EconomyError? CheckAmount(decimal amount)
    {
        if (amount <= 0 || amount > MaxAmount)
            return new(EconomyErrors.InvalidAmount, "The amount must be above $0 and at most $1,000,000,000.", "amount");
        return amount * Cash.MicrosPerDollar != decimal.Truncate(amount * Cash.MicrosPerDollar)
            ? new(EconomyErrors.InvalidAmount, "The amount can have at most 6 decimal places.", "amount")
            : null;
    }

    /// <summary>Applies <see cref="RecordJob"/> on the writer (SPEC §3): settles a success at the provider's tier now.</summary>
    internal static EconomyResult<JobReceipt> Apply(ExchangeSession session, RecordJob command)
    {
        var (operatorId, clientAgentId, providerAgentId, amount, succeeded) =
            (command.OperatorId, command.ClientAgentId, command.ProviderAgentId, new Cash(command.AmountMicros), command.Succeeded);
        var db = session.Db;
        var client = WriterRows.Agent(db, clientAgentId);
        if (client is null || client.OperatorId != operatorId)
            return new EconomyError(EconomyErrors.NotYourAgent, "The client must be one of your agents.", "client");
        var provider = WriterRows.Agent(db, providerAgentId);
        if (provider is null)
            return new EconomyError(EconomyErrors.AgentNotFound, "There is no provider agent with that id.", "provider");
        if (client.RetiredAt is not null || provider.RetiredAt is not null)
            return new EconomyError(EconomyErrors.AgentRetired, $"{(client.RetiredAt is not null ? client.Name : provider.Name)} is retired and takes no jobs.", client.RetiredAt is not null ? "client" : "provider");

        // The tier table in force on the writer at this instant, so the fee follows a change committed just before.
        var min = session.Parameters.Rules.MinJobAmount;
        if (!succeeded && amount < min)
            return new EconomyError(EconomyErrors.BelowMinimum,
                $"A failed job must be at least {min}, the minimum job amount: a failure is held and refunded after its dispute window, and a smaller one would count for nothing.", "amount");

        var tier = OperatorTier.Effective(db, session.Parameters.Tiers, provider.OperatorId, session.Now);
        var settlement = JobSettlement.Settle(amount, tier, AgentTrust.OperatorKey(client.OperatorId), AgentTrust.OperatorKey(provider.OperatorId));
        // The amount is held whatever the outcome: a failure costs the client its amount while it can be disputed.
        var available = session.Ledger.Balance(AccountId.CashAvailable(operatorId));
        if (available < amount.Micros)
            return new EconomyError(EconomyErrors.InsufficientCash, $"You have {Fmt.CashExact(available)} available; this job needs {Fmt.CashExact(amount)}.", "amount");

        var job = new JobRecord
        {
            ClientAgentId = client.Id,
            ProviderAgentId = provider.Id,
            ClientOperatorId = client.OperatorId,
            ProviderOperatorId = provider.OperatorId,
            Amount = amount.Micros,
            Fee = succeeded ? settlement.Fee.Micros : 0,
            FeeTier = tier.Name,
            Succeeded = succeeded,
            SelfDealing = settlement.IsSelfDealing,
            At = session.Now,
        };
        var window = session.Parameters.Rules.DisputeWindow;
        if (!succeeded && window > TimeSpan.Zero)
        {
            job.Standing = JobVerdict.AwaitingWindow;
            job.DisputableUntil = session.Now + window;
            job.Held = amount.Micros;
        }
        db.Jobs.Add(job);
        db.SaveChanges();
        Epochs.EpochWorkTally.Recorded(session, job);
        OperatorVolumes.Recorded(session, job);
        if (succeeded)
        {
            var moved = session.Ledger.SettleJob(client.OperatorId, provider.OperatorId, amount.Micros, settlement.Fee.Micros, job.Id);
            if (!moved.Succeeded)
                throw new InvalidOperationException($"Job {job.Id} passed the cash check but the ledger refused it: {moved.Error}.");
        }
        else if (job.Held > 0 && !session.Ledger.HoldForJob(client.OperatorId, job.Held, job.Id).Succeeded)
            throw new InvalidOperationException($"Job {job.Id} passed the cash check but the ledger refused the hold.");

        // Self-dealing and dust are settled but never count toward the provider's record (SPEC §6); the recount says so.
        ProviderRecords.Recount(session, [provider]);

        session.PublishAfterCommit(new JobRecorded(job.Id, client.OperatorId, provider.OperatorId, client.Id, provider.Id));
        session.PublishAfterCommit(new AgentsChanged([client.Id, provider.Id], [client.OperatorId, provider.OperatorId]));
        return EconomyResult<JobReceipt>.Ok(new JobReceipt(job.Id, amount, new Cash(job.Fee), tier.FeeRate, tier.Name,
            succeeded ? settlement.ProviderReceives : Cash.Zero, succeeded, settlement.IsSelfDealing, amount < min ? min : null));
    }

    /// <summary>
    /// Where a job stands for its provider under <paramref name="rules"/> (SPEC §3, §6): self-dealing first, then below
    /// the minimum amount, then its dispute standing, as <see cref="Core.Economy.ProviderJob.VerdictFor"/> judges it.
    /// </summary>
    public static Core.Economy.JobVerdict StandingOf(JobRecord job, Core.Economy.ReputationRules rules) =>
        job.SelfDealing ? Core.Economy.JobVerdict.SelfDealing
        : job.Amount < rules.MinJobAmount.Micros ? Core.Economy.JobVerdict.BelowMinimum
        : job.Succeeded ? Core.Economy.JobVerdict.Counted
        : job.Standing;

    /// <summary>Jobs an agent took part in, as client or provider, newest first.</summary>
    public async Task<Page<JobView>> ListForAgentAsync(long agentId, int pageIndex = 0, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PageAsync(db, db.Jobs.Where(j => j.ClientAgentId == agentId || j.ProviderAgentId == agentId), pageIndex, pageSize, cancellationToken);
    }

    /// <summary>Jobs of any of the operator's agents, as client or provider, newest first.</summary>
    public async Task<Page<JobView>> ListForOperatorAsync(long operatorId, int pageIndex = 0, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PageAsync(db, db.Jobs.Where(j => j.ClientOperatorId == operatorId || j.ProviderOperatorId == operatorId), pageIndex, pageSize, cancellationToken);
    }

    /// <summary>A job one of the operator's agents took part in (as client or provider), or null when there is none with this id.</summary>
    public async Task<JobView?> FindForOperatorAsync(long operatorId, long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var page = await PageAsync(db, db.Jobs.Where(j => j.Id == jobId && (j.ClientOperatorId == operatorId || j.ProviderOperatorId == operatorId)), 0, 1, cancellationToken);
        return page.Items.SingleOrDefault();
    }

    private async Task<Page<JobView>> PageAsync(AppDbContext db, IQueryable<JobRecord> jobs, int pageIndex, int pageSize, CancellationToken cancellationToken)
    {
        var rules = parameters.Current.Rules;
        var (index, size) = Page<JobView>.Normalize(pageIndex, pageSize);
        var total = await jobs.CountAsync(cancellationToken);
        var items = await (
            from j in jobs.AsNoTracking().OrderByDescending(j => j.At).ThenByDescending(j => j.Id).Skip(index * size).Take(size)
            join c in db.Agents on j.ClientAgentId equals c.Id
            join p in db.Agents on j.ProviderAgentId equals p.Id
            select new { j, Client = c.Name, Provider = p.Name }).ToListAsync(cancellationToken);
        return new Page<JobView>(
            [.. items.OrderByDescending(x => x.j.At).ThenByDescending(x => x.j.Id).Select(x => new JobView(x.j.Id, x.j.At, x.j.ClientAgentId, x.Client, x.j.ClientOperatorId,
                x.j.ProviderAgentId, x.Provider, x.j.ProviderOperatorId, new Cash(x.j.Amount), new Cash(x.j.Fee), x.j.FeeTier, x.j.Succeeded, x.j.SelfDealing,
                StandingOf(x.j, rules), x.j.DisputableUntil))],
            total, index, size);
    }
}
