using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// Which jobs count toward trust (SPEC §6) and epoch allocation (SPEC §7), and how much one client may weigh. The same
/// rules feed both, so an agent's record reads the same on the leaderboard, its trust page and an epoch statement.
/// </summary>
/// <param name="MinJobAmount">The smallest job, successful or failed, that counts anywhere in §6–§7; smaller jobs are
/// refused when recorded. Defaults to $1.00 (1,000,000 micro-dollars): dust jobs cannot farm eligibility or trust.</param>
/// <param name="ClientCapShare">The largest share, in (0, 1], of a provider's success-rate weight that one client
/// operator may hold. Defaults to 0.20: a single client, friend or saboteur, moves a provider's success rate by at most
/// a fifth. A provider with fewer clients than 1 ÷ cap weighs its clients equally.</param>
/// <param name="DisputeWindow">How long the provider's operator may dispute a failed job; an undisputed failure counts
/// against the provider only once this has passed. Defaults to 72 hours; at least <see cref="MinDisputeWindow"/>, since
/// SPEC §3 gives the provider a window to dispute in (zero would make every failure final as it is recorded).</param>
/// <param name="RingNetShare">A closed cycle of operators is flagged as a ring when the net cash its members gained or
/// lost among themselves is under this share of the cash that went round it (SPEC §7). Defaults to 0.10.</param>
/// <param name="RingInsideShare">…and when at least this share of its members' counted cash flowed among themselves rather
/// than with outsiders, so busy honest operators who happen to trade both ways are not flagged. Defaults to 0.50.</param>
public sealed record ReputationRules(Cash MinJobAmount, decimal ClientCapShare, TimeSpan DisputeWindow,
    decimal RingNetShare = 0.10m, decimal RingInsideShare = 0.50m)
{
    /// <summary>The shortest dispute window the rules accept: one hour.</summary>
    public static readonly TimeSpan MinDisputeWindow = TimeSpan.FromHours(1);

    /// <summary>$1.00 minimum, 20% client cap, 72 h dispute window.</summary>
    public static ReputationRules Default { get; } = new(new Cash(1_000_000), 0.20m, TimeSpan.FromHours(72));

    /// <summary>
    /// The fewest client operators among whom the cap can hold (⌈1 ÷ <see cref="ClientCapShare"/>⌉: 5 at 20%). With
    /// fewer, every weighting gives someone more than the cap, and the clients weigh equally
    /// (<see cref="ProviderRecord.FromClients"/>).
    /// </summary>
    public int ClientsForCap => ClientCapShare > 0m ? (int)Math.Ceiling(1m / ClientCapShare) : int.MaxValue;

    /// <summary>The reasons these rules are unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinJobAmount.Micros <= 0)
            errors.Add("The minimum job amount must be above $0.");
        if (ClientCapShare is <= 0m or > 1m)
            errors.Add("The client cap must be above 0% and at most 100%.");
        if (DisputeWindow < MinDisputeWindow)
            errors.Add("The dispute window must be at least one hour: a provider needs time to dispute a failure.");
        if (RingNetShare is < 0m or > 1m)
            errors.Add("The ring net-flow share must be from 0% to 100%.");
        if (RingInsideShare is < 0m or > 1m)
            errors.Add("The ring inside share must be from 0% to 100%.");
        return errors;
    }
}
