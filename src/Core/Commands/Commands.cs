using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;

namespace XpFlywheel.Core.Commands;

// Every change to exchange or economy state, one record each. Money is in micro-dollars, prices in ticks of
// $0.0001, XP in whole units, times in UTC. A handler applies each on the single writer (see ExchangeCommand).

// ---- Orders (SPEC §2) -------------------------------------------------------------------------------------------

/// <summary>A new order (FIX NewOrderSingle). <paramref name="PriceTicks"/> is ignored for market orders.</summary>
public sealed record SubmitOrder(long OperatorId, Side Side, OrderType Type, long PriceTicks, long Quantity,
    TimeInForce TimeInForce, bool PostOnly, string? ClientOrderId) : ExchangeCommand;

/// <summary>Changes a resting order's quantity and/or price (FIX OrderCancelReplaceRequest); null keeps a field.</summary>
public sealed record ReplaceOrder(long OperatorId, long OrderId, long? Quantity, long? PriceTicks) : ExchangeCommand;

/// <summary>Takes one of the operator's resting orders off the book.</summary>
public sealed record CancelOrder(long OperatorId, long OrderId) : ExchangeCommand;

/// <summary>
/// Takes every resting order of the operator off the book; with <paramref name="UpToOrderId"/>, only the orders with
/// that id or a lower one (a dead-man switch: the orders placed before it fell due, not those placed after).
/// </summary>
public sealed record CancelAllOrders(long OperatorId, long? UpToOrderId = null) : ExchangeCommand;

/// <summary>Halts matching: new orders are refused, cancels still work.</summary>
public sealed record HaltMarket : ExchangeCommand;

/// <summary>Resumes matching after a halt.</summary>
public sealed record ResumeMarket : ExchangeCommand;

// ---- Parameters (every change audited in the same transaction) --------------------------------------------------

/// <summary>Replaces the market's fees, price band and self-trade prevention (SPEC §8).</summary>
public sealed record SetMarketParameters(MarketParameters Parameters) : ExchangeCommand
{
    /// <summary>
    /// The market parameters the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public MarketParameters? Expected { get; init; }
}

/// <summary>Replaces the fee-tier table (lowest tier first) and the burn window in whole days (SPEC §4).</summary>
public sealed record SetFeeTiers(IReadOnlyList<FeeTier> Tiers, int WindowDays) : ExchangeCommand
{
    /// <summary>
    /// The tier table (lowest tier first) the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public IReadOnlyList<FeeTier>? ExpectedTiers { get; init; }

    /// <summary>The burn window as stored when the change was made (see <see cref="ExpectedTiers"/>); checked with it.</summary>
    public TimeSpan? ExpectedWindow { get; init; }

    public bool Equals(SetFeeTiers? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && WindowDays == other.WindowDays && Tiers.SequenceEqual(other.Tiers)
        && (ExpectedTiers is null ? other.ExpectedTiers is null : other.ExpectedTiers is not null && ExpectedTiers.SequenceEqual(other.ExpectedTiers))
        && ExpectedWindow == other.ExpectedWindow;

    public override int GetHashCode() => HashCode.Combine(Sequence, WindowDays, Tiers.Count);
}

/// <summary>Replaces the unlock waiting period for unlocks requested from now on (SPEC §5).</summary>
public sealed record SetLockPolicy(LockPolicy Policy) : ExchangeCommand
{
    /// <summary>
    /// The lock policy the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public LockPolicy? Expected { get; init; }
}

/// <summary>Sets the epoch rules the next epoch starts with (pending until the next close, SPEC §7).</summary>
public sealed record SetNextEpochParameters(EpochParameters Parameters) : ExchangeCommand
{
    /// <summary>
    /// The next epoch's rules (pending ones, else those in force as stored) the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public EpochParameters? Expected { get; init; }
}

/// <summary>Replaces which jobs count for trust and epochs: minimum job amount, client cap, dispute window (SPEC §3, §6).</summary>
public sealed record SetReputationRules(ReputationRules Rules) : ExchangeCommand
{
    /// <summary>
    /// The reputation rules the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public ReputationRules? Expected { get; init; }
}

/// <summary>Replaces the OTC desk's fees, price band and quote/request lifetimes (README "OTC desk").</summary>
public sealed record SetOtcParameters(OtcParameters Parameters) : ExchangeCommand
{
    /// <summary>
    /// The OTC parameters the admin's change was made from (the form as it was filled in); when given and those in force are no
    /// longer these, the command is refused and nothing changes, so a form filled in before another admin's change cannot
    /// put back what that change set. Null: replace whatever is in force.
    /// </summary>
    public OtcParameters? Expected { get; init; }
}

// ---- Operators ----------------------------------------------------------------------------------------------------

/// <summary>Opens the empty wallet of the signed-up user <paramref name="UserId"/>; its id is the operator id from then
/// on. A user who already has a wallet keeps it (the command changes nothing).</summary>
public sealed record OpenWallet(string UserId) : ExchangeCommand;

// ---- Cash and XP entering the system ----------------------------------------------------------------------------

/// <summary>Cash enters an operator's available balance from outside (demo deposits, admin credits).</summary>
public sealed record DepositCash(long OperatorId, long Micros, long Reference) : ExchangeCommand;

/// <summary>
/// Cash leaves an operator's available balance for outside (SPEC §9: a withdrawal is a record; there are no payment
/// rails). Refused beyond the available cash: what open orders, offers and escrow hold cannot be withdrawn.
/// </summary>
public sealed record WithdrawCash(long OperatorId, long Micros) : ExchangeCommand;

/// <summary>New XP is emitted to an operator (genesis grants of the demo population, admin credits).</summary>
public sealed record GrantXp(long OperatorId, long Xp) : ExchangeCommand;

// ---- Agents and jobs (SPEC §3) ----------------------------------------------------------------------------------

/// <summary>Registers an agent; <paramref name="CreatedAt"/> backdates it (never later than the command's time).</summary>
public sealed record RegisterAgent(long OperatorId, string Name, string? Description, DateTime? CreatedAt = null) : ExchangeCommand;

/// <summary>Renames one of the operator's active agents.</summary>
public sealed record RenameAgent(long OperatorId, long AgentId, string Name) : ExchangeCommand;

/// <summary>Replaces an active agent's description.</summary>
public sealed record DescribeAgent(long OperatorId, long AgentId, string? Description) : ExchangeCommand;

/// <summary>Retires an agent (it must hold no locked or unlocking XP).</summary>
public sealed record RetireAgent(long OperatorId, long AgentId) : ExchangeCommand;

/// <summary>Records a job the client agent gave the provider agent; a success settles the amount at once.</summary>
public sealed record RecordJob(long OperatorId, long ClientAgentId, long ProviderAgentId, long AmountMicros, bool Succeeded) : ExchangeCommand;

/// <summary>The provider's operator disputes a failed job of one of its agents while its dispute window is open.</summary>
public sealed record DisputeJob(long OperatorId, long JobId) : ExchangeCommand;

/// <summary>An admin resolves a disputed failure: it stands (counts against the provider) or is voided (counts nowhere).
/// Either way the client's held amount is refunded.</summary>
public sealed record ResolveDispute(long JobId, bool FailureStands) : ExchangeCommand;

/// <summary>Makes final the listed failures whose dispute window has passed undisputed at the command's time (others are
/// skipped): each refunds its client and starts counting against its provider.</summary>
public sealed record CloseDisputeWindows(IReadOnlyList<long> JobIds) : ExchangeCommand
{
    public bool Equals(CloseDisputeWindows? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && JobIds.SequenceEqual(other.JobIds);

    public override int GetHashCode() => HashCode.Combine(Sequence, JobIds.Count);
}

/// <summary>Recomputes the stored trust of active agents with ids in [<paramref name="FromAgentId"/>, <paramref name="ToAgentId"/>].</summary>
public sealed record RefreshTrust(long FromAgentId, long ToAgentId) : ExchangeCommand;

// ---- Burns and locks (SPEC §4, §5) ------------------------------------------------------------------------------

/// <summary>Burns available XP for a fee tier; irreversible.</summary>
public sealed record BurnXp(long OperatorId, long Xp) : ExchangeCommand;

/// <summary>Locks available XP on one of the operator's agents.</summary>
public sealed record LockXp(long OperatorId, long AgentId, long Xp) : ExchangeCommand;

/// <summary>Starts the waiting period for <paramref name="Xp"/> of a lock (all of it when null).</summary>
public sealed record RequestUnlock(long OperatorId, long LockId, long? Xp) : ExchangeCommand;

/// <summary>Takes a pending unlock back.</summary>
public sealed record CancelUnlock(long OperatorId, long LockId) : ExchangeCommand;

/// <summary>Releases the listed unlocks whose waiting period has passed at the command's time (others are skipped).</summary>
public sealed record ReleaseUnlocks(IReadOnlyList<long> LockIds) : ExchangeCommand
{
    public bool Equals(ReleaseUnlocks? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && LockIds.SequenceEqual(other.LockIds);

    public override int GetHashCode() => HashCode.Combine(Sequence, LockIds.Count);
}

// ---- Epochs (SPEC §6) -------------------------------------------------------------------------------------------

/// <summary>Opens epoch 1 at the command's time if no epoch exists yet.</summary>
public sealed record StartEpochs : ExchangeCommand;

/// <summary>An admin's exclusion of flagged ring operators from open epoch <paramref name="EpochNumber"/>'s allocation
/// (SPEC §7): replaces the epoch's excluded set with <paramref name="OperatorIds"/> (empty: nobody is excluded).</summary>
public sealed record SetEpochExclusions(long EpochNumber, IReadOnlyList<long> OperatorIds) : ExchangeCommand
{
    /// <summary>
    /// The excluded set the admin's change was made from (the page as it loaded); when given and the set is no longer
    /// that, the command is refused, so a page opened before another admin's change cannot put back what that change
    /// removed. Null: replace whatever is there.
    /// </summary>
    public IReadOnlyList<long>? Expected { get; init; }

    public bool Equals(SetEpochExclusions? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && EpochNumber == other.EpochNumber && OperatorIds.SequenceEqual(other.OperatorIds)
        && (Expected is null ? other.Expected is null : other.Expected is not null && Expected.SequenceEqual(other.Expected));

    public override int GetHashCode() => HashCode.Combine(Sequence, EpochNumber, OperatorIds.Count);
}

/// <summary>Closes epoch <paramref name="Number"/> if due, or now when <paramref name="Early"/> (an admin's "close now").</summary>
public sealed record CloseEpoch(long Number, bool Early) : ExchangeCommand
{
    /// <summary>
    /// The epoch scored before the command, off the writer, from one consistent read (<see cref="EpochScore"/>); the
    /// close pays it when nothing it was scored on has changed since (same work revision, end, pool and rules) and
    /// scores inside the writer otherwise. Journaled with the command, so a replay pays the same lines.
    /// </summary>
    public EpochScore? Score { get; init; }

    /// <summary>
    /// The epoch scored before the command and staged on the writer part by part (<see cref="StageEpochScore"/>): when
    /// the staged lines are still what the epoch is (same revision, end, pool and rules, every part there, the totals
    /// these), the close only ends the epoch and opens the next, and the credits follow in <see cref="PayEpochPart"/>s,
    /// so no one command holds the writer for all the agents. Otherwise the close scores and pays in itself.
    /// </summary>
    public StagedClose? Staged { get; init; }
}

/// <summary>
/// What a close by parts expects to find staged (<see cref="CloseEpoch.Staged"/>): the basis (work revision), end, pool
/// and rules the lines were scored at, how many lines, and their totals in XP units.
/// </summary>
public sealed record StagedClose(long Basis, DateTime EndsAt, long Pool, Economy.EpochParameters Parameters, Economy.ReputationRules Rules,
    int Lines, long Allocated, long CarryOver);

/// <summary>
/// Stages part <paramref name="Part"/> (0, 1, 2… in order) of epoch <paramref name="Number"/>'s score, worked out off
/// the writer at work revision <paramref name="Basis"/>: its lines are kept by the writer until a
/// <see cref="CloseEpoch"/> with <see cref="CloseEpoch.Staged"/> pays them. Part 0 starts over (earlier staged lines of
/// the epoch are dropped). Refused (outcome false) when the epoch is not open, the basis is not its revision, the part
/// is out of order, or a line is malformed (an agent twice, a negative allocation, an ineligible agent paid).
/// </summary>
/// <remarks>The epoch service only (system actor); each part holds the writer for a few milliseconds.</remarks>
public sealed record StageEpochScore(long Number, long Basis, int Part, IReadOnlyList<EpochScoreLine> Lines) : ExchangeCommand
{
    public bool Equals(StageEpochScore? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && Number == other.Number && Basis == other.Basis && Part == other.Part && Lines.SequenceEqual(other.Lines);

    public override int GetHashCode() => HashCode.Combine(Sequence, Number, Basis, Part, Lines.Count);
}

/// <summary>
/// Pays the staged lines of epoch <paramref name="Number"/> (closed by parts, still paying) for operators with ids
/// above the last part's and up to <paramref name="ThroughOperatorId"/>: one credit per operator, the allocation lines
/// and every agent's "earned last epoch" of those operators. The part through <see cref="long.MaxValue"/> finishes the
/// close. Refused (nothing paid) when the epoch is not paying or the range does not continue the last one.
/// </summary>
/// <remarks>The epoch service only (system actor).</remarks>
public sealed record PayEpochPart(long Number, long ThroughOperatorId) : ExchangeCommand;

/// <summary>
/// An epoch's allocation worked out before its close (SPEC §7), and what it was worked out from: the epoch's work
/// revision (which a change of its tally, its exclusions or the reputation rules moves), its end, its pool, and the
/// epoch and reputation rules it was scored by. Amounts in XP units.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EpochScoreJsonConverter))]
public sealed record EpochScore(long Basis, DateTime EndsAt, long Pool, Economy.EpochParameters Parameters, Economy.ReputationRules Rules,
    long Allocated, long CarryOver, IReadOnlyList<EpochScoreLine> Lines)
{
    // The journal form, when prepared before the command reaches the writer: 100,000 lines are about 15 MB of JSON,
    // most of a second to write, which the writer then only copies.
    internal byte[]? Json { get; private set; }

    // A copy (`with`) is a new score: it never inherits the original's prepared form.
    private EpochScore(EpochScore original)
    {
        Basis = original.Basis;
        EndsAt = original.EndsAt;
        Pool = original.Pool;
        Parameters = original.Parameters;
        Rules = original.Rules;
        Allocated = original.Allocated;
        CarryOver = original.CarryOver;
        Lines = original.Lines;
    }

    /// <summary>Serializes the score now (off the writer), so journaling the command that carries it only copies it.</summary>
    public EpochScore Prepared()
    {
        Json ??= System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(EpochScoreJsonConverter.Form.Of(this), CommandJson.Options);
        return this;
    }

    /// <summary>Equal when every figure and every line is equal (records compare lists by reference).</summary>
    public bool Equals(EpochScore? other) =>
        other is not null && Basis == other.Basis && EndsAt == other.EndsAt && Pool == other.Pool
        && Parameters == other.Parameters && Rules == other.Rules && Allocated == other.Allocated && CarryOver == other.CarryOver && Lines.SequenceEqual(other.Lines);

    public override int GetHashCode() => HashCode.Combine(Basis, EndsAt, Pool, Allocated, Lines.Count);
}

/// <summary>Writes an <see cref="EpochScore"/> as its plain JSON form, copying the form prepared off the writer when there is one.</summary>
internal sealed class EpochScoreJsonConverter : System.Text.Json.Serialization.JsonConverter<EpochScore>
{
    /// <summary>The plain form: the score's fields, camelCase like every command.</summary>
    internal sealed record Form(long Basis, DateTime EndsAt, long Pool, Economy.EpochParameters Parameters, Economy.ReputationRules Rules,
        long Allocated, long CarryOver, IReadOnlyList<EpochScoreLine> Lines)
    {
        public static Form Of(EpochScore s) => new(s.Basis, s.EndsAt, s.Pool, s.Parameters, s.Rules, s.Allocated, s.CarryOver, s.Lines);
    }

    public override EpochScore? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        System.Text.Json.JsonSerializer.Deserialize<Form>(ref reader, options) is { } f
            ? new EpochScore(f.Basis, f.EndsAt, f.Pool, f.Parameters, f.Rules, f.Allocated, f.CarryOver, f.Lines ?? [])
            : null;

    public override void Write(System.Text.Json.Utf8JsonWriter writer, EpochScore value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value.Json is { } prepared)
            writer.WriteRawValue(prepared, skipInputValidation: true);
        else
            System.Text.Json.JsonSerializer.Serialize(writer, Form.Of(value), options);
    }
}

/// <summary>One agent's line of an <see cref="EpochScore"/>: its counted figures, its four component shares, its share of the pool and its allocation in XP units.</summary>
public sealed record EpochScoreLine(long AgentId, long OperatorId, bool Eligible, int Jobs, long SuccessfulMicros, int DistinctCounterparties,
    decimal V, decimal Q, decimal D, decimal R, decimal Share, long Allocation);

/// <summary>Ends open epoch <paramref name="Number"/> at the batch's time (an admin's "close now"); the close follows as <see cref="CloseEpoch"/>.</summary>
/// <remarks>Admins and the epoch service only.</remarks>
public sealed record EndEpoch(long Number) : ExchangeCommand;

// ---- The OTC desk (README "OTC desk") ----------------------------------------------------------------------------

/// <summary>
/// Posts an offer to buy or sell <paramref name="Quantity"/> XP at the fixed <paramref name="PriceTicks"/>, taken in
/// pieces of at least <paramref name="MinimumFill"/> XP until <paramref name="ExpiresAt"/> (UTC); a private offer names
/// its one <paramref name="CounterpartyId"/>. Posting holds the XP, or the cash plus the largest OTC fee.
/// </summary>
public sealed record PostOtcOffer(long OperatorId, Side Side, long PriceTicks, long Quantity, long MinimumFill, DateTime ExpiresAt,
    long? CounterpartyId) : ExchangeCommand;

/// <summary>Withdraws one of the operator's open offers; what it still holds is released.</summary>
public sealed record CancelOtcOffer(long OperatorId, long OfferId) : ExchangeCommand;

/// <summary>Takes <paramref name="Quantity"/> XP of an open offer: both sides settle at once.</summary>
public sealed record TakeOtcOffer(long OperatorId, long OfferId, long Quantity) : ExchangeCommand;

/// <summary>Asks other operators for firm quotes to buy (<see cref="Side.Buy"/>) or sell <paramref name="Quantity"/> XP.</summary>
public sealed record RequestOtcQuotes(long OperatorId, Side Side, long Quantity) : ExchangeCommand;

/// <summary>Answers an open request for quote with a firm price, valid for the OTC quote lifetime.</summary>
public sealed record QuoteOtcRequest(long OperatorId, long RequestId, long PriceTicks) : ExchangeCommand;

/// <summary>The requester accepts one quote: it settles at once if both sides still have the funds, else nothing moves.</summary>
public sealed record AcceptOtcQuote(long OperatorId, long QuoteId) : ExchangeCommand;

/// <summary>The requester withdraws an open request for quote; its quotes lapse.</summary>
public sealed record CancelOtcRequest(long OperatorId, long RequestId) : ExchangeCommand;

/// <summary>Expires the listed offers and requests that are due at the command's time (others are skipped): offers
/// release what they hold, requests and their quotes close.</summary>
public sealed record ExpireOtc(IReadOnlyList<long> OfferIds, IReadOnlyList<long> RequestIds) : ExchangeCommand
{
    public bool Equals(ExpireOtc? other) =>
        other is not null && By == other.By && IdempotencyKey == other.IdempotencyKey && Sequence == other.Sequence
        && At == other.At && OfferIds.SequenceEqual(other.OfferIds) && RequestIds.SequenceEqual(other.RequestIds);

    public override int GetHashCode() => HashCode.Combine(Sequence, OfferIds.Count, RequestIds.Count);
}
