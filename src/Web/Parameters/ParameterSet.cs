using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Otc;

namespace XpFlywheel.Web.Parameters;

/// <summary>
/// Every admin-changeable parameter at one moment (SPEC: "every number below is a default that an admin can change"),
/// immutable. The single writer owns the current set and changes it only in its own transaction; after each commit
/// that changed it, the whole set is published on <see cref="ParameterBoard"/>. Take one set and read everything from
/// it, so a page never mixes a fee from before a change with a band from after it.
/// </summary>
/// <param name="Market">Maker and taker fees (bps of notional), the price band (bps either side of the reference) and the self-trade mode (SPEC §8).</param>
/// <param name="Tiers">The fee-tier table and the window over which burns count (SPEC §4).</param>
/// <param name="Epoch">The epoch rules in force: those the running epoch started with (SPEC §7), with a configured <c>Epochs:Length</c> applied.</param>
/// <param name="PendingEpoch">An admin's change to the epoch rules, as saved, which the next close puts in force; null when there is none.</param>
/// <param name="Lock">The unlock waiting period (SPEC §5).</param>
/// <param name="StoredEpochLength">The epoch length an admin stored; differs from <c>Epoch.Length</c> only while configuration overrides it.</param>
/// <param name="Reputation">Which jobs count for trust and epochs: the minimum job amount, the client cap and the dispute window (SPEC §3, §6, §7).</param>
/// <param name="Version">Rises with every change the writer makes and every reload, within one process; 0 before the writer has loaded.</param>
/// <param name="Otc">The OTC desk's fees, price band and quote/request lifetimes (README "OTC desk"); null means the defaults.</param>
/// <param name="StoredTierWindow">The tier window an admin stored, when configuration (<c>Tiers:Window</c>) overrides it in <c>Tiers</c>; null when they are the same.</param>
public sealed record ParameterSet(
    MarketParameters Market,
    FeeSchedule Tiers,
    EpochParameters Epoch,
    EpochParameters? PendingEpoch,
    LockPolicy Lock,
    TimeSpan StoredEpochLength,
    long Version,
    TimeSpan? StoredTierWindow = null,
    ReputationRules? Reputation = null,
    OtcParameters? Otc = null)
{
    /// <summary>The spec's defaults, version 0: what <see cref="ParameterBoard.Current"/> holds until the writer has loaded the stored set.</summary>
    public static ParameterSet Defaults { get; } = new(MarketParameters.Default, FeeSchedule.Default, EpochParameters.Default, null,
        LockPolicy.Default, EpochParameters.Default.Length, 0, Reputation: ReputationRules.Default);

    /// <summary>The reputation rules in force (the spec's defaults when none was stored).</summary>
    public ReputationRules Rules => Reputation ?? ReputationRules.Default;

    /// <summary>The OTC desk's parameters in force (the defaults when none were stored).</summary>
    public OtcParameters Desk => Otc ?? OtcParameters.Default;

    /// <summary>The tier window as an admin stored it (whole days), whatever a configured demo window puts in force.</summary>
    public TimeSpan TierWindowAsStored => StoredTierWindow ?? Tiers.Window;

    /// <summary>The epoch rules in force as an admin stored them (with the stored length, not a configured one).</summary>
    public EpochParameters EpochAsStored => Epoch with { Length = StoredEpochLength };

    /// <summary>The rules the next epoch starts with, as stored: the pending change if there is one, else those in force.</summary>
    public EpochParameters NextEpoch => PendingEpoch ?? EpochAsStored;
}
