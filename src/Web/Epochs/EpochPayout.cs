using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Closing a large epoch in parts, so that no single command holds the writer (and trading) for all its agents:
/// the score, worked out off the writer, is staged a few thousand lines per command (<see cref="StageEpochScore"/>);
/// the close then checks the staged totals against the epoch, ends it and opens the next (<see cref="CloseEpoch.Staged"/>);
/// and the credits, allocation lines and "earned last epoch" follow one range of operators per command
/// (<see cref="PayEpochPart"/>), the epoch <see cref="EpochStatus.Paying"/> meanwhile. Every part is journaled and
/// applied like any command, so a replay or a restart half-way continues from the tables: the staged lines and the
/// paid-through operator are writer state.
/// <para>
/// Value is conserved at every step: each part moves XP from the burn pool (first) and the emission to the operators
/// it pays, exactly as a close in one command would (<see cref="EpochCloser"/>), in the same operator order.
/// </para>
/// </summary>
public static class EpochPayout
{
    /// <summary>Applies <see cref="StageEpochScore"/>; returns whether the part was staged (see the command for refusals).</summary>
    public static bool Stage(ExchangeSession session, StageEpochScore command)
    {
        if (command.By.Kind != ActorKind.System || command.Part < 0)
            return false;
        var db = session.Db;
        var epoch = db.Epochs.SingleOrDefault(e => e.Number == command.Number);
        if (epoch is null || epoch.Status != EpochStatus.Open || command.Basis != epoch.WorkRevision)
            return false;
        if (command.Part == 0)
        {
            if (epoch.StagedBasis is not null || epoch.StagedLines > 0)
                db.EpochScoreLines.Where(l => l.EpochNumber == command.Number).ExecuteDelete();
            Reset(epoch);
            epoch.StagedBasis = command.Basis;
        }
        else if (epoch.StagedBasis != command.Basis || epoch.StagedParts != command.Part)
            return false;

        // Lines come in ascending agent order across all parts, so no agent is staged twice.
        var last = epoch.StagedLastAgent;
        var allocated = epoch.StagedAllocated;
        var paid = 0;
        foreach (var line in command.Lines)
        {
            if (line.AgentId <= last || line.Allocation < 0 || (line.Allocation > 0 && !line.Eligible) || line.Allocation > epoch.Pool - allocated)
                return false;
            last = line.AgentId;
            allocated += line.Allocation;
            if (line.Allocation > 0)
                paid++;
        }
        session.Journal.WriteScoreLines(command.Number, command.Lines);
        epoch.StagedParts++;
        epoch.StagedLines += command.Lines.Count;
        epoch.StagedAllocated = allocated;
        epoch.StagedAgentsPaid += paid;
        epoch.StagedLastAgent = last;
        db.SaveChanges();
        return true;
    }

    /// <summary>Whether the staged lines are the ones <paramref name="staged"/> describes and still describe the epoch.</summary>
    internal static bool Matches(StagedClose staged, EpochRecord epoch, ParameterSet parameters) =>
        epoch.StagedBasis == staged.Basis && staged.Basis == epoch.WorkRevision && staged.EndsAt == epoch.EndsAt && staged.Pool == epoch.Pool
        && staged.Parameters == parameters.Epoch && staged.Rules == parameters.Rules
        && epoch.StagedLines == staged.Lines && epoch.StagedAllocated == staged.Allocated
        && staged.Allocated >= 0 && staged.CarryOver >= 0 && (staged.CarryOver == 0 || staged.Allocated == 0)
        && staged.Allocated + staged.CarryOver == epoch.Pool;

    /// <summary>
    /// The close's own part when the staged lines match (<see cref="Matches"/>): fixes the totals, carries an unpaid
    /// pool over, and leaves the epoch <see cref="EpochStatus.Paying"/> from the first operator.
    /// </summary>
    internal static void BeginPaying(ExchangeSession session, EpochRecord epoch, StagedClose staged)
    {
        if (staged.CarryOver > 0 && epoch.Emission > 0)
            EpochCloser.Require(session.Ledger.Move(AccountId.Emission, AccountId.BurnPool, epoch.Emission, PostingReason.Emission, epoch.Number));
        epoch.Status = EpochStatus.Paying;
        epoch.Allocated = staged.Allocated;
        epoch.CarryOut = staged.CarryOver;
        epoch.AgentsPaid = epoch.StagedAgentsPaid;
        epoch.PaidThroughOperator = null;
        epoch.PaidFromBurnPool = 0;
    }

    /// <summary>
    /// Applies <see cref="PayEpochPart"/>: pays the staged lines of the operators in the part's range and moves them to
    /// the allocation lines, and publishes the part's credits (<see cref="EpochCreditsPaid"/>); the part through
    /// <see cref="long.MaxValue"/> closes the epoch (<see cref="EpochClosed"/>). Returns the close's outcome
    /// (<see cref="CloseStatus.Paying"/> until the last part), or <see cref="CloseStatus.Unknown"/> when refused.
    /// </summary>
    public static CloseOutcome Pay(ExchangeSession session, PayEpochPart command)
    {
        var refused = new CloseOutcome(CloseStatus.Unknown, command.Number);
        if (command.By.Kind != ActorKind.System)
            return refused;
        var db = session.Db;
        var epoch = db.Epochs.SingleOrDefault(e => e.Number == command.Number);
        if (epoch is null || epoch.Status != EpochStatus.Paying)
            return refused;
        var from = epoch.PaidThroughOperator ?? long.MinValue;
        var through = command.ThroughOperatorId;
        if (through <= from)
            return refused;
        var number = epoch.Number;
        var range = db.EpochScoreLines.Where(l => l.EpochNumber == number && l.OperatorId > from && l.OperatorId <= through);

        // One credit per operator, in operator order, the burn pool drawn first: as a close in one command pays.
        var credits = range.Where(l => l.Allocation > 0).GroupBy(l => l.OperatorId)
            .Select(g => new { OperatorId = g.Key, Units = g.Sum(l => l.Allocation) }).OrderBy(c => c.OperatorId).ToList();
        var fromBurnPool = epoch.PoolFromBurns + epoch.CarryIn - epoch.PaidFromBurnPool;
        foreach (var credit in credits)
        {
            var burnPart = Math.Min(credit.Units, fromBurnPool);
            fromBurnPool -= burnPart;
            epoch.PaidFromBurnPool += burnPart;
            if (burnPart > 0)
                EpochCloser.Require(session.Ledger.CreditFromBurnPool(credit.OperatorId, burnPart, number));
            if (credit.Units - burnPart > 0)
                EpochCloser.Require(session.Ledger.Emit(credit.OperatorId, credit.Units - burnPart, PostingReason.EpochCredit, number));
        }

        db.Database.ExecuteSql($"""
            INSERT INTO "EpochAllocations" ("EpochNumber","AgentId","OperatorId","Jobs","SuccessfulVolume","DistinctCounterparties","V","Q","D","R","Share","Allocation")
            SELECT "EpochNumber","AgentId","OperatorId","Jobs","SuccessfulVolume","DistinctCounterparties","V","Q","D","R","Share","Allocation"
            FROM "EpochScoreLines" WHERE "EpochNumber" = {number} AND "OperatorId" > {from} AND "OperatorId" <= {through}
            """);
        // These operators' agents: last epoch's figure cleared, this epoch's set from their lines.
        db.Agents.Where(a => a.OperatorId > from && a.OperatorId <= through && a.EarnedLastEpoch != 0)
            .ExecuteUpdate(s => s.SetProperty(a => a.EarnedLastEpoch, 0L));
        var paidLines = range.Where(l => l.Allocation > 0);
        db.Agents.Where(a => a.OperatorId > from && a.OperatorId <= through && paidLines.Select(l => l.AgentId).Contains(a.Id))
            .ExecuteUpdate(s => s.SetProperty(a => a.EarnedLastEpoch, a => paidLines.Where(l => l.AgentId == a.Id).Select(l => l.Allocation).First()));
        // The epoch's work rows of these agents are no longer needed: the allocation lines keep what it was scored on.
        db.EpochWork.Where(w => w.EpochNumber == number && range.Select(l => l.AgentId).Contains(w.ProviderAgentId)).ExecuteDelete();
        var moved = range.ExecuteDelete();
        epoch.StagedLines -= moved;
        epoch.PaidThroughOperator = through;

        if (credits.Count > 0)
            session.PublishAfterCommit(new EpochCreditsPaid(number, epoch.Pool, credits.ToDictionary(c => c.OperatorId, c => c.Units)));
        if (through != long.MaxValue)
        {
            db.SaveChanges();
            return new CloseOutcome(CloseStatus.Paying, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
        }
        if (epoch.StagedLines != 0 || epoch.PaidFromBurnPool > epoch.PoolFromBurns + epoch.CarryIn)
            throw new InvalidOperationException($"Epoch {number} paid by parts left {epoch.StagedLines} staged lines.");
        db.EpochWork.Where(w => w.EpochNumber == number).ExecuteDelete();
        epoch.Status = EpochStatus.Closed;
        Reset(epoch);
        db.SaveChanges();
        session.PublishAfterCommit(new EpochClosed(number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid, PaidByOperator: null));
        return new CloseOutcome(CloseStatus.Closed, number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid);
    }

    /// <summary>Drops staged lines a close in one command made unnecessary (the work moved after they were staged).</summary>
    internal static void Discard(Data.AppDbContext db, EpochRecord epoch)
    {
        if (epoch.StagedBasis is null && epoch.StagedLines == 0)
            return;
        db.EpochScoreLines.Where(l => l.EpochNumber == epoch.Number).ExecuteDelete();
        Reset(epoch);
    }

    private static void Reset(EpochRecord epoch)
    {
        epoch.StagedBasis = null;
        epoch.StagedParts = 0;
        epoch.StagedLines = 0;
        epoch.StagedAllocated = 0;
        epoch.StagedAgentsPaid = 0;
        epoch.StagedLastAgent = 0;
    }
}
