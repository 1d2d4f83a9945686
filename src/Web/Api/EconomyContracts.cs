using System.Text.Json.Serialization;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Api;

// Agents, jobs, locks, burns and tiers as programs see them. Cash is decimal dollars, XP whole units.

public sealed record TrustDto(decimal Score, double SuccessPart, double LockPart, double AgePart)
{
    public static TrustDto From(TrustScore trust) => new(trust.Display, Math.Round(trust.SuccessPart, 3), Math.Round(trust.LockPart, 3), Math.Round(trust.AgePart, 3));
}

public sealed record AgentDto(long Id, string Name, string Description, long OperatorId, string Operator, DateTime CreatedAt, bool Retired,
    int Jobs, double? SuccessRate, long LockedXp, long UnlockingXp, long EarnedLastEpoch, TrustDto Trust)
{
    public static AgentDto From(AgentView a) => new(a.Id, a.Name, a.Description, a.OperatorId, a.OperatorName, a.CreatedAt, a.IsRetired,
        a.Jobs, a.SuccessRate, a.LockedXp, a.UnlockingXp, a.EarnedLastEpoch, TrustDto.From(a.Trust));
}

public sealed record RegisterAgentBody([property: System.ComponentModel.DataAnnotations.Required] string? Name, string? Description);

// Ids and amounts a request cannot do without are required: left out, they are 400 naming the field, not a zero that
// reads as "no such agent". So is the outcome: a success pays the provider at once, and a body that forgot to say
// whether the job succeeded must not be read as "pay".
public sealed record RecordJobBody([property: JsonRequired, JsonConverter(typeof(IdConverter))] long ClientAgentId, [property: JsonRequired, JsonConverter(typeof(IdConverter))] long ProviderAgentId,
    [property: JsonRequired, JsonConverter(typeof(DollarsConverter))] decimal Amount, [property: JsonRequired] bool Succeeded);

/// <summary>A failed job under dispute (SPEC §3); <c>standing</c> is awaiting_window, disputed, counted or voided.</summary>
public sealed record DisputeDto(long JobId, DateTime At, long ClientAgentId, long ProviderAgentId, decimal Amount, string Standing, DateTime? DisputableUntil, DateTime? DisputedAt)
{
    public static DisputeDto From(DisputeView d) => new(d.JobId, d.At, d.ClientAgentId, d.ProviderAgentId, d.Amount.Dollars,
        Names.Code(d.Standing), d.DisputableUntil, d.DisputedAt);
}

/// <summary>
/// A recorded job. <c>standing</c> says where its outcome stands (SPEC §3): <c>counted</c> (a success, or a final
/// failure), <c>awaiting_window</c> (a failure its provider may still dispute until <c>disputableUntil</c>),
/// <c>disputed</c>, <c>voided</c>, or <c>self_dealing</c> / <c>below_minimum</c> (settled, counted nowhere).
/// </summary>
public sealed record JobDto(long Id, DateTime At, long ClientAgentId, string ClientAgent, long ProviderAgentId, string ProviderAgent,
    decimal Amount, decimal Fee, string FeeTier, bool Succeeded, bool SelfDealing, string Standing, DateTime? DisputableUntil)
{
    public static JobDto From(JobView j) => new(j.Id, j.At, j.ClientAgentId, j.ClientAgentName, j.ProviderAgentId, j.ProviderAgentName,
        j.Amount.Dollars, j.Fee.Dollars, j.FeeTier, j.Succeeded, j.SelfDealing,
        Names.Code(j.Standing), j.DisputableUntil);
}

/// <summary>
/// A recorded job. <c>countsForReputation</c> is false when it is self-dealing or below the minimum job amount
/// (<c>minimumJobAmount</c>, USD, set only then): it settled, but counts nowhere in trust, volume or epochs (SPEC §6).
/// <c>id</c> is the job's id, as every created resource names itself; <c>jobId</c> repeats it for clients written before.
/// </summary>
public sealed record JobReceiptDto(long JobId, decimal Amount, decimal Fee, decimal FeeRate, string Tier, decimal ProviderReceives, bool Succeeded, bool SelfDealing,
    bool CountsForReputation, decimal? MinimumJobAmount)
{
    /// <summary>The job's id, the one its 201's <c>Location</c> names.</summary>
    [JsonPropertyOrder(-1)]
    public long Id => JobId;

    public static JobReceiptDto From(JobReceipt r) => new(r.JobId, r.Amount.Dollars, r.Fee.Dollars, r.FeeRate, r.Tier, r.ProviderReceives.Dollars, r.Succeeded, r.SelfDealing,
        !r.SelfDealing && r.BelowMinimumOf is null, r.BelowMinimumOf?.Dollars);
}

/// <summary>
/// A burn as listed: <c>amount</c> in whole XP, <c>at</c> when it was applied, <c>countsUntil</c> when it stops counting
/// toward the fee tier (<c>at</c> plus the tier window in force now; SPEC §4).
/// </summary>
public sealed record BurnDto(long Id, long Amount, DateTime At, DateTime CountsUntil)
{
    public static BurnDto From(Data.Entities.BurnRecord b, TimeSpan window) => new(b.Id, b.Amount, b.At, b.At + window);
}

/// <summary>
/// A burn just applied (the 201 answer of <c>POST /api/v1/burns</c>): the fields of <see cref="BurnDto"/> (<c>id</c>,
/// <c>amount</c> in whole XP, <c>at</c>, <c>countsUntil</c>), the tier before and after it and the fee rate after it (a
/// fraction: 0.0025 is 0.25%). <c>burnId</c> repeats <c>id</c> for clients written before <c>id</c> was added.
/// </summary>
public sealed record BurnReceiptDto(long Id, long BurnId, long Amount, DateTime At, DateTime CountsUntil, string TierBefore, string TierAfter, decimal FeeRateAfter)
{
    public static BurnReceiptDto From(BurnReceipt r, TimeSpan window) =>
        new(r.BurnId, r.BurnId, r.Amount, r.At, r.At + window, r.TierBefore, r.TierAfter, r.FeeRateAfter);
}

public sealed record BurnBody([property: JsonRequired, JsonConverter(typeof(WholeUnitsConverter))] long Amount);

public sealed record LockBody([property: JsonRequired, JsonConverter(typeof(IdConverter))] long AgentId, [property: JsonRequired, JsonConverter(typeof(WholeUnitsConverter))] long Amount);

public sealed record UnlockBody([property: JsonConverter(typeof(WholeUnitsOrAbsentConverter))] long? Amount);

public sealed record LockDto(long Id, long AgentId, string Agent, long Amount, string Status, DateTime LockedAt, DateTime? UnlockRequestedAt, DateTime? ReleasableAt, DateTime? ReleasedAt)
{
    public static LockDto From(LockView l) => new(l.Id, l.AgentId, l.AgentName, l.Amount, l.Status.ToString().ToLowerInvariant(), l.LockedAt, l.UnlockRequestedAt, l.ReleasableAt, l.ReleasedAt);
}

public sealed record TierDto(string Name, decimal FeeRate, long BurnThreshold)
{
    public static TierDto From(FeeTier t) => new(t.Name, t.FeeRate, t.BurnThreshold.Units);
}

/// <summary>One tier in the burn calculator (SPEC §4): what buying the XP it needs costs by taking the asks from the cheapest up.</summary>
/// <param name="Cost">Dollars: what the resting asks supply at their prices, plus any XP they cannot supply priced at
/// <paramref name="FallbackPrice"/> (then <paramref name="Estimated"/> is true).</param>
/// <param name="Roi">Net saving ÷ cost, a ratio; <paramref name="Roi"/>, <paramref name="BreakEvenPrice"/> and
/// <paramref name="AveragePrice"/> are quotients, rounded half to even to <see cref="Decimals"/> places as an order's
/// average price is.</param>
/// <param name="BreakEvenPrice">Dollars per XP at which the burn pays for itself: monthly saving ÷ XP needed.</param>
/// <param name="AveragePrice">Dollars per XP over the whole <paramref name="XpNeeded"/>.</param>
/// <param name="XpFromBook">XP the resting asks supply now.</param>
/// <param name="XpAtFallback">XP the book cannot supply, priced at <paramref name="FallbackPrice"/>: an estimate, not a price anyone offers.</param>
/// <param name="FallbackPrice">Dollars per XP for that remainder: the last trade or the highest ask taken, whichever is higher.</param>
/// <param name="Estimated">True when part of <paramref name="Cost"/> is priced at the fallback because the book is too thin.</param>
public sealed record TierOptionDto(string Tier, long XpNeeded, decimal Cost, decimal MonthlySaving, decimal NetSaving, decimal? Roi, decimal? BreakEvenPrice,
    decimal? AveragePrice, long XpFromBook, long XpAtFallback, decimal FallbackPrice, bool Estimated)
{
    /// <summary>Decimal places of the quotients: 8, as <see cref="OrderDto.AveragePriceDecimals"/>.</summary>
    public const int Decimals = OrderDto.AveragePriceDecimals;

    /// <summary><paramref name="value"/> rounded half to even to <see cref="Decimals"/> places; null stays null.</summary>
    public static decimal? Rounded(decimal? value) => value is { } v ? Math.Round(v, Decimals) : null;
}

public sealed record MyTierDto(TierDto Current, long BurnedInWindow, DateTimeOffset? LapsesAt, string? LapsesTo, TierDto? Next, long NeededForNext,
    decimal MonthlyVolume, IReadOnlyList<TierOptionDto> Calculator, string? Recommended);

public sealed record LeaderboardRowDto(int Rank, long AgentId, string Agent, long OperatorId, string Operator, decimal Trust, double? SuccessRate,
    int Jobs, long LockedXp, double AgeDays, long EarnedLastEpoch)
{
    public static LeaderboardRowDto From(LeaderboardRow r) => new(r.Rank, r.AgentId, r.Name, r.OperatorId, r.OperatorName, r.Trust.Display,
        r.SuccessRate, r.Jobs, r.LockedXp, Math.Round(r.Age.TotalDays, 2), r.EarnedLastEpoch);
}
