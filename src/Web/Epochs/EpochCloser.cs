using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Settings;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Closing an epoch, as one unit of work on the single writer, so the allocations, the credits, every agent's
/// "earned last epoch", the epoch's closed state and the next epoch's row commit in one transaction or not at
/// all. The epoch row is re-read inside the batch: a second close of the same epoch finds it closed and does
/// nothing.
/// <para>
/// Where the XP comes from: the pool's burn part and carry-in already sit in the burn pool (burns go there as
/// they happen; an earlier carry-over stayed there), so credits draw on the burn pool first
/// (<see cref="AccountLedger.CreditFromBurnPool"/>) and the epoch's emission is minted straight to the operators
/// (<see cref="AccountLedger.Emit"/>) for the rest. When nobody is eligible the whole pool carries over, and the
/// emission part is minted into the burn pool so the next close finds its carry-in there. Either way
/// available + held + locked + unlocking + burn pool = total emitted.
/// </para>
/// </summary>
public static class EpochCloser
{
    /// <summary>Creates epoch 1 at the current time when no epoch exists yet; returns the open epoch's number.</summary>
    public static long EnsureStarted(ExchangeSession session)
    {
        var db = session.Db;
        if (db.Epochs.OrderByDescending(e => e.Number).FirstOrDefault() is { } latest)
        {
            EpochWorkTally.EnsureTallied(session);
            return latest.Number;
        }
        var parameters = session.Parameters.Epoch;
        var emission = parameters.EmissionFor(1).Units;
        db.Epochs.Add(new EpochRecord
        {
            Number = 1, StartsAt = session.Now, EndsAt = session.Now + parameters.Length, Status = EpochStatus.Open,
            Emission = emission, Pool = emission, WorkTallied = true,
        });
        db.SaveChanges();
        return 1;
    }

    /// <summary>
    /// Closes epoch <paramref name="number"/> if it is open and due (or <paramref name="early"/>: an admin's
    /// "close now", which ends it at the batch's time). <paramref name="actor"/>, when given, is audited. The epoch is
    /// scored by the rules in force (those it started with); a pending change comes into force for the next one.
    /// </summary>
    /// <remarks>
    /// With <paramref name="staged"/> matching the lines staged for it (<see cref="EpochPayout"/>), the close ends the
    /// epoch and opens the next without paying: the epoch is left <see cref="EpochStatus.Paying"/> (the outcome says
    /// <see cref="CloseStatus.Paying"/>) and its <see cref="PayEpochPart"/>s pay it. A close of an epoch while an earlier
    /// one is still paying is <see cref="CloseStatus.NotDue"/>.
    /// </remarks>
    public static CloseOutcome Close(ExchangeSession session, long number, bool early = false, string? actor = null, EpochScore? score = null, StagedClose? staged = null)
    {
        var db = session.Db;
        var epoch = db.Epochs.SingleOrDefault(e => e.Number == number);
        if (epoch is null)
            return new CloseOutcome(CloseStatus.Unknown, number);
        if (epoch.Status == EpochStatus.Closed)
            return new CloseOutcome(CloseStatus.AlreadyClosed, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
        if (epoch.Status == EpochStatus.Paying)
            return new CloseOutcome(CloseStatus.Paying, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
        if (db.Epochs.Any(e => e.Status == EpochStatus.Paying && e.Number < number))
            return new CloseOutcome(CloseStatus.NotDue, number);
        if (session.Now < epoch.EndsAt)
        {
            if (!early)
                return new CloseOutcome(CloseStatus.NotDue, number);
            EndNow(session, epoch);
        }
        if (!epoch.WorkTallied)
            EpochWorkTally.Retally(db, epoch, session.Parameters.Rules);

        if (epoch.Pool != epoch.PoolFromBurns + epoch.CarryIn + epoch.Emission)
            throw new InvalidOperationException($"Epoch {number}'s pool {epoch.Pool} is not burns + carry-in + emission.");

        if (staged is not null && EpochPayout.Matches(staged, epoch, session.Parameters))
        {
            EpochPayout.BeginPaying(session, epoch, staged);
            Ended(session, epoch, actor);
            db.SaveChanges();
            return new CloseOutcome(CloseStatus.Paying, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
        }
        EpochPayout.Discard(db, epoch);

        // Scored before the command from what the epoch still is: pay that. Anything else is scored here.
        var allocation = score is not null && Matches(score, epoch, session.Parameters)
            ? FromScore(score)
            : EpochAllocator.Allocate(new Xp(epoch.Pool), EpochData.Load(db, number, epoch.EndsAt), session.Parameters.Epoch,
                session.Parameters.Rules, EpochExclusions.Load(db, number));

        Pay(session, epoch, allocation);
        session.Journal.WriteAllocations(number, allocation.Agents);
        UpdateEarnedLastEpoch(db, number);

        var paid = allocation.Agents.Where(a => a.Allocation.Units > 0).ToList();
        epoch.Status = EpochStatus.Closed;
        epoch.Allocated = allocation.Allocated.Units;
        epoch.CarryOut = allocation.CarryOver.Units;
        epoch.AgentsPaid = paid.Count;
        Ended(session, epoch, actor);
        // Jobs recorded after this epoch's end (an overdue close) belong to the next one; usually there are none.
        EpochWorkTally.Drop(db, number);
        db.SaveChanges();

        var byOperator = paid.GroupBy(a => long.Parse(a.OperatorId, System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Allocation.Units));
        session.PublishAfterCommit(new EpochClosed(number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid, byOperator));
        return new CloseOutcome(CloseStatus.Closed, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
    }

    // What every close records once the epoch's totals are fixed: its burns, last price and time, the next epoch (with
    // any pending parameters in force), that epoch's tally, and the admin's audit line.
    private static void Ended(ExchangeSession session, EpochRecord epoch, string? actor)
    {
        var db = session.Db;
        var number = epoch.Number;
        epoch.BurnedDuring = EpochData.BurnedBetween(db, epoch.StartsAt, epoch.EndsAt);
        epoch.LastPriceTicks = session.Engine.LastTradePrice?.Ticks;
        epoch.ClosedAt = session.Now;

        var next = ParameterChanges.PromotePendingEpoch(session);
        var emission = next.EmissionFor(checked((int)number + 1)).Units;
        var following = new EpochRecord
        {
            Number = number + 1, StartsAt = epoch.EndsAt, EndsAt = epoch.EndsAt + next.Length, Status = EpochStatus.Open,
            PoolFromBurns = epoch.BurnedDuring, CarryIn = epoch.CarryOut, Emission = emission,
            Pool = epoch.BurnedDuring + epoch.CarryOut + emission,
        };
        db.Epochs.Add(following);
        EpochWorkTally.Retally(db, following, session.Parameters.Rules);
        if (actor is not null)
            AuditLog.Add(db, session.Now, actor, "epoch.closed", $"epoch {number}", "open",
                $"pool {epoch.Pool}, allocated {epoch.Allocated}, carried over {epoch.CarryOut}, agents paid {epoch.AgentsPaid}");
    }

    /// <summary>
    /// Scores epoch <paramref name="number"/> as its close would, off the writer: reads its work revision, its tally, its
    /// agents and its exclusions, then the revision again, and returns null when the revision moved meanwhile (the
    /// reads may then disagree) or the epoch is not open. Trust is the agents' as read, at the epoch's end.
    /// </summary>
    public static EpochScore? ScoreBefore(Data.AppDbContext db, long number, ParameterSet parameters)
    {
        var epoch = db.Epochs.AsNoTracking().SingleOrDefault(e => e.Number == number);
        if (epoch is null || epoch.Status != EpochStatus.Open || !epoch.WorkTallied)
            return null;
        var agents = EpochData.Load(db, number, epoch.EndsAt);
        var excluded = EpochExclusions.Load(db, number);
        if (db.Epochs.AsNoTracking().Where(e => e.Number == number).Select(e => e.WorkRevision).Single() != epoch.WorkRevision)
            return null;
        var allocation = EpochAllocator.Allocate(new Xp(epoch.Pool), agents, parameters.Epoch, parameters.Rules, excluded);
        return new EpochScore(epoch.WorkRevision, epoch.EndsAt, epoch.Pool, parameters.Epoch, parameters.Rules, allocation.Allocated.Units, allocation.CarryOver.Units,
            [.. allocation.Agents.Select(a => new EpochScoreLine(a.AgentId, long.Parse(a.OperatorId, System.Globalization.CultureInfo.InvariantCulture),
                a.Eligible, a.Jobs, a.SuccessfulVolume.Micros, a.DistinctCounterparties, a.V, a.Q, a.D, a.R, a.Share, a.Allocation.Units))]).Prepared();
    }

    // A score still describes the epoch when its revision, end, pool and rules are the epoch's and the writer's, and
    // its lines pay the pool exactly: once per agent, nothing to an ineligible agent, nothing negative.
    private static bool Matches(EpochScore score, EpochRecord epoch, ParameterSet parameters)
    {
        if (score.Basis != epoch.WorkRevision || score.EndsAt != epoch.EndsAt || score.Pool != epoch.Pool
            || score.Parameters != parameters.Epoch || score.Rules != parameters.Rules
            || score.Allocated < 0 || score.CarryOver < 0 || (score.CarryOver != 0 && score.Allocated != 0))
            return false;
        var agents = new HashSet<long>();
        var paid = 0L;
        foreach (var line in score.Lines)
        {
            if (!agents.Add(line.AgentId) || line.Allocation < 0 || (line.Allocation > 0 && !line.Eligible) || line.Allocation > epoch.Pool)
                return false;
            paid += line.Allocation;
            if (paid > epoch.Pool)
                return false;
        }
        return paid == score.Allocated && score.Allocated + score.CarryOver == epoch.Pool;
    }

    private static EpochAllocation FromScore(EpochScore score) =>
        new(new Xp(score.Pool),
            [.. score.Lines.Select(l => new AgentAllocation(l.AgentId, EpochData.OperatorKey(l.OperatorId), l.Eligible, l.Jobs, new Cash(l.SuccessfulMicros),
                l.DistinctCounterparties, l.V, l.Q, l.D, l.R, l.Share, new Xp(l.Allocation)))],
            new Xp(score.Allocated), new Xp(score.CarryOver));

    /// <summary>Applies <see cref="EndEpoch"/>: ends open epoch <paramref name="number"/> at the batch's time if it has not ended yet.</summary>
    public static bool End(ExchangeSession session, long number, Actor by)
    {
        if (by.Kind is not (ActorKind.Admin or ActorKind.System))
            return false;
        var epoch = session.Db.Epochs.SingleOrDefault(e => e.Number == number);
        if (epoch is null || epoch.Status != EpochStatus.Open || session.Now >= epoch.EndsAt)
            return false;
        EndNow(session, epoch);
        return true;
    }

    // Ends an open epoch at the batch's time. Jobs of this very batch were tallied into it, but it now ends at their
    // instant, so it is re-tallied then (they go to the next epoch at the close); either way its revision moves.
    private static void EndNow(ExchangeSession session, EpochRecord epoch)
    {
        epoch.EndsAt = session.Now;
        var end = epoch.EndsAt;
        if (!epoch.WorkTallied || session.Db.Jobs.Any(j => j.At >= end))
            EpochWorkTally.Retally(session.Db, epoch, session.Parameters.Rules);
        else
            epoch.WorkRevision++;
    }

    private static void Pay(ExchangeSession session, EpochRecord epoch, EpochAllocation allocation)
    {
        var ledger = session.Ledger;
        if (allocation.CarryOver.Units > 0)
        {
            if (epoch.Emission > 0)
                Require(ledger.Move(AccountId.Emission, AccountId.BurnPool, epoch.Emission, PostingReason.Emission, epoch.Number));
            return;
        }
        var fromBurnPool = epoch.PoolFromBurns + epoch.CarryIn;
        // One credit per operator (its agents' allocations summed), in operator id order: an operator with a thousand
        // paid agents gets one or two postings, not a thousand; the allocation lines keep the per-agent detail.
        var byOperator = allocation.Agents.Where(a => a.Allocation.Units > 0)
            .GroupBy(a => long.Parse(a.OperatorId, System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => (OperatorId: g.Key, Units: g.Sum(a => a.Allocation.Units)))
            .OrderBy(o => o.OperatorId);
        foreach (var (operatorId, units) in byOperator)
        {
            var burnPart = Math.Min(units, fromBurnPool);
            fromBurnPool -= burnPart;
            if (burnPart > 0)
                Require(ledger.CreditFromBurnPool(operatorId, burnPart, epoch.Number));
            if (units - burnPart > 0)
                Require(ledger.Emit(operatorId, units - burnPart, PostingReason.EpochCredit, epoch.Number));
        }
    }

    // A refused credit means the burn pool holds less than the epoch recorded: a broken invariant, so the whole
    // close rolls back rather than paying some agents and not others.
    internal static void Require(TransferResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Epoch credit refused: {result.Error} on {result.Account} (balance {result.Balance}, needed {result.Required}).");
    }

    // Two set-based statements, whatever the number of agents paid: clear last epoch's figures, then copy this
    // epoch's allocations (written by the journal earlier in this transaction) onto the agents, each found through
    // the primary key (EpochNumber, AgentId). One statement per agent was 40,000 round trips in a large close.
    private static void UpdateEarnedLastEpoch(Data.AppDbContext db, long number)
    {
        db.Agents.Where(a => a.EarnedLastEpoch != 0).ExecuteUpdate(s => s.SetProperty(a => a.EarnedLastEpoch, 0L));
        var paid = db.EpochAllocations.Where(x => x.EpochNumber == number && x.Allocation > 0);
        db.Agents.Where(a => paid.Select(x => x.AgentId).Contains(a.Id)).ExecuteUpdate(s => s.SetProperty(
            a => a.EarnedLastEpoch,
            a => paid.Where(x => x.AgentId == a.Id).Select(x => x.Allocation).First()));
    }
}
