using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// Every way parameters change, one small method per kind, each run inside a unit of work on the single writer
/// (<c>host.ExecuteAsync(session => ParameterChanges.SetMarket(session, parameters, actor))</c>). Each checks the new
/// value, replaces the writer's set (and the engine's market parameters in the same step), and writes the row and its
/// audit entry on <see cref="ExchangeSession.Db"/>, so all of it commits in the batch's one transaction or not at all.
/// The host publishes the new set after the commit. Pure apart from the session: no clock, configuration or I/O of
/// their own.
/// </summary>
public static class ParameterChanges
{
    /// <summary>
    /// The refusal of a change made from values no longer in force (the command's <c>Expected</c>): another admin or tab
    /// changed the section after this form was filled in, and saving the whole section would put back what that change
    /// set. Checked on the writer with the change, so nothing can come between the check and the change.
    /// </summary>
    public const string ChangedElsewhere = "These parameters were changed elsewhere (by another admin or in another tab) after this form was filled in. "
        + "The form now shows the values in force: make your change again. Nothing was saved.";

    // Null: the caller did not say what it changed from. Otherwise refused unless that is what is in force.
    private static bool Stale<T>(T? expected, T current) where T : class => expected is not null && !expected.Equals(current);

    /// <summary>Fees, band, self-trade mode and open-order cap, in force for the engine's next command, and the earning cost per XP, the chart's floor at once (SPEC §8). Resting buys keep the fee reserve they hold.</summary>
    public static Validated<ParameterSet> SetMarket(ExchangeSession session, MarketParameters parameters, string actor, MarketParameters? expected = null)
    {
        if (Stale(expected, session.Parameters.Market))
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var errors = parameters.Validate();
        if (errors.Count > 0)
            return Validated<ParameterSet>.Invalid(errors);
        var applied = session.Engine.SetParameters(parameters);
        if (!applied.IsAccepted)
            return Validated<ParameterSet>.Invalid([$"The engine refused these parameters ({applied.RejectReason}); nothing changed."]);
        ParameterRows.Write(session.Db, ParameterRows.MarketKey, parameters, session.Parameters.Market, session.Now, actor);
        return Validated<ParameterSet>.Valid(session.ReplaceParameters(session.Parameters with { Market = parameters }));
    }

    /// <summary>The fee-tier table (SPEC §4): fees of jobs settled from now on and the tiers every page shows.</summary>
    public static Validated<ParameterSet> SetTiers(ExchangeSession session, TierTable table, string actor,
        IReadOnlyList<Core.Economy.FeeTier>? expectedTiers = null, TimeSpan? expectedWindow = null)
    {
        if (expectedTiers is not null && !expectedTiers.SequenceEqual(session.Parameters.Tiers.Tiers)
            || expectedWindow is { } window && window != session.Parameters.TierWindowAsStored)
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var schedule = table.ToSchedule();
        if (!schedule.IsValid)
            return Validated<ParameterSet>.Invalid(schedule.Errors);
        ParameterRows.Write(session.Db, ParameterRows.TiersKey, table,
            new TierTable(session.Parameters.Tiers.Tiers, Math.Max(1, (int)session.Parameters.TierWindowAsStored.TotalDays)), session.Now, actor);
        return Validated<ParameterSet>.Valid(session.ReplaceParameters(session.Parameters with
        {
            Tiers = session.ParameterDefaults.Apply(schedule.Value!),
            StoredTierWindow = schedule.Value!.Window,
        }));
    }

    /// <summary>
    /// The OTC desk's fees, band and lifetimes, in force for the next offer, take, quote or acceptance. Open buy offers
    /// keep the fee reserve they hold and never pay a maker fee beyond it.
    /// </summary>
    public static Validated<ParameterSet> SetOtc(ExchangeSession session, OtcParameters parameters, string actor, OtcParameters? expected = null)
    {
        if (Stale(expected, session.Parameters.Desk))
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var errors = parameters.Validate();
        if (errors.Count > 0)
            return Validated<ParameterSet>.Invalid(errors);
        ParameterRows.Write(session.Db, ParameterRows.OtcKey, parameters, session.Parameters.Desk, session.Now, actor);
        return Validated<ParameterSet>.Valid(session.ReplaceParameters(session.Parameters with { Otc = parameters }));
    }

    /// <summary>The unlock waiting period (SPEC §5): applies to unlocks requested from now on; pending ones keep their release time.</summary>
    public static Validated<ParameterSet> SetLock(ExchangeSession session, LockPolicy policy, string actor, LockPolicy? expected = null)
    {
        if (Stale(expected, session.Parameters.Lock))
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var errors = policy.Validate();
        if (errors.Count > 0)
            return Validated<ParameterSet>.Invalid(errors);
        ParameterRows.Write(session.Db, ParameterRows.LockKey, policy, session.Parameters.Lock, session.Now, actor);
        return Validated<ParameterSet>.Valid(session.ReplaceParameters(session.Parameters with { Lock = policy }));
    }

    /// <summary>
    /// Which jobs count for trust and epochs (SPEC §3, §6, §7), in force at once: every active agent's record is
    /// recounted under the new rules in the same transaction, so the leaderboard never mixes old and new rules.
    /// </summary>
    public static Validated<ParameterSet> SetReputation(ExchangeSession session, ReputationRules rules, string actor, ReputationRules? expected = null)
    {
        if (Stale(expected, session.Parameters.Rules))
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var errors = rules.Validate();
        if (errors.Count > 0)
            return Validated<ParameterSet>.Invalid(errors);
        ParameterRows.Write(session.Db, ParameterRows.ReputationKey, rules, session.Parameters.Rules, session.Now, actor);
        var next = session.ReplaceParameters(session.Parameters with { Reputation = rules });
        Economy.ProviderRecords.RecountAll(session);
        Epochs.EpochWorkTally.RetallyOpen(session);
        return Validated<ParameterSet>.Valid(next);
    }

    /// <summary>
    /// The epoch rules the next epoch starts with (SPEC §7: the running epoch keeps the rules it started with). Stored as
    /// pending until the next close; rules equal to those in force withdraw a pending change, and change nothing when
    /// there is none.
    /// </summary>
    public static Validated<ParameterSet> SetNextEpoch(ExchangeSession session, EpochParameters next, string actor, EpochParameters? expected = null)
    {
        if (Stale(expected, session.Parameters.NextEpoch))
            return Validated<ParameterSet>.Invalid([ChangedElsewhere]);
        var errors = next.ValidateAsSet();
        if (errors.Count > 0)
            return Validated<ParameterSet>.Invalid(errors);
        var current = session.Parameters;
        var pending = next == current.EpochAsStored ? null : next;
        if (pending is null && current.PendingEpoch is null)
            return Validated<ParameterSet>.Valid(current);
        ParameterRows.Write(session.Db, ParameterRows.PendingEpochKey, pending, current.NextEpoch, session.Now, actor);
        return Validated<ParameterSet>.Valid(session.ReplaceParameters(current with { PendingEpoch = pending }));
    }

    /// <summary>
    /// Inside an epoch close: puts the pending epoch rules in force (audited as <c>parameters.applied</c> by "system")
    /// and returns the rules the next epoch runs with, a configured length applied.
    /// </summary>
    public static EpochParameters PromotePendingEpoch(ExchangeSession session)
    {
        var current = session.Parameters;
        if (current.PendingEpoch is not { } pending)
            return current.Epoch;
        ParameterRows.Write(session.Db, ParameterRows.EpochKey, pending, current.EpochAsStored, session.Now, "system", "parameters.applied");
        ParameterRows.Remove(session.Db, ParameterRows.PendingEpochKey);
        var inForce = session.ParameterDefaults.Apply(pending);
        session.ReplaceParameters(current with { Epoch = inForce, StoredEpochLength = pending.Length, PendingEpoch = null });
        return inForce;
    }
}
