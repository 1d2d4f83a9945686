using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>
/// Agents, jobs and burns written the way the economy services write them: value through the ledger and the row
/// in the same unit of work, stamped with the writer's clock, announcing the same events.
/// </summary>
public static class EconomyRows
{
    public static Task<long> AgentAsync(IServiceProvider services, long operatorId, string name) =>
        services.GetRequiredService<ExchangeHost>().ExecuteAsync(session =>
        {
            var agent = new Agent { OperatorId = operatorId, Name = name, CreatedAt = session.Now };
            session.Db.Agents.Add(agent);
            session.Db.SaveChanges();
            session.PublishAfterCommit(new XpFlywheel.Web.Economy.AgentsChanged([agent.Id], [operatorId]));
            return agent.Id;
        });

    /// <summary>A job <paramref name="provider"/> did for <paramref name="client"/>; a successful one settles with a 2.5% fee.</summary>
    public static Task JobAsync(IServiceProvider services, (long Operator, long Agent) client, (long Operator, long Agent) provider, decimal dollars, bool succeeded = true) =>
        services.GetRequiredService<ExchangeHost>().ExecuteAsync(session =>
        {
            var amount = Cash.FromDollars(dollars).Micros;
            var fee = succeeded ? (amount * 25 + 999) / 1_000 : 0;
            if (succeeded && !session.Ledger.SettleJob(client.Operator, provider.Operator, amount, fee, 0).Succeeded)
                throw new InvalidOperationException("The client cannot pay for this job.");
            var selfDealing = client.Operator == provider.Operator;
            var job = new JobRecord
            {
                ClientAgentId = client.Agent, ProviderAgentId = provider.Agent, ClientOperatorId = client.Operator,
                ProviderOperatorId = provider.Operator, Amount = amount, Fee = fee, FeeTier = "Basic", Succeeded = succeeded,
                SelfDealing = selfDealing, At = session.Now,
            };
            session.Db.Jobs.Add(job);
            XpFlywheel.Web.Epochs.EpochWorkTally.Recorded(session, job);
            XpFlywheel.Web.Economy.OperatorVolumes.Recorded(session, job);
            var agent = session.Db.Agents.Single(a => a.Id == provider.Agent);
            if (!selfDealing)
            {
                agent.JobsAsProvider++;
                agent.SucceededAsProvider += succeeded ? 1 : 0;
            }
            session.PublishAfterCommit(new XpFlywheel.Web.Economy.JobRecorded(0, client.Operator, provider.Operator, client.Agent, provider.Agent));
            return true;
        });

    public static Task BurnAsync(IServiceProvider services, long operatorId, long xp) =>
        services.GetRequiredService<ExchangeHost>().ExecuteAsync(session =>
        {
            if (!session.Ledger.Burn(operatorId, xp, 0).Succeeded)
                throw new InvalidOperationException("Not enough XP to burn.");
            session.Db.Burns.Add(new BurnRecord { OperatorId = operatorId, Amount = xp, At = session.Now });
            session.PublishAfterCommit(new XpFlywheel.Web.Economy.XpBurned(operatorId, xp, "", ""));
            return true;
        });
}
