using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Economy;

/// <summary>An agent's score taken apart: its parts, what moved it lately, which jobs count and the best next step.</summary>
/// <param name="Changes">Counted jobs, locks and unlocks of the last 7 days, oldest first.</param>
/// <param name="AgeGain">Points the age part added over the same 7 days.</param>
/// <param name="Jobs">Every job as provider, newest first, with whether it counts and why.</param>
/// <param name="Clients">Each counting client operator's share of the success-rate weight, after the cap.</param>
/// <param name="Rules">The rules the jobs were judged by.</param>
/// <param name="ClientNames">The public name of each client operator in <paramref name="Clients"/>, by its key; one
/// missing is shown as "operator" and its id.</param>
public sealed record TrustExplanation(
    TrustScore Score,
    TrustSuggestion? Advice,
    IReadOnlyList<TrustChange> Changes,
    double AgeGain,
    double ScoreSevenDaysAgo,
    IReadOnlyList<JobCount> Jobs,
    IReadOnlyList<ClientWeight> Clients,
    ReputationRules Rules,
    IReadOnlyDictionary<string, string>? ClientNames = null)
{
    /// <summary>The public name of client operator <paramref name="key"/> (<see cref="ClientVolume.ClientOperatorId"/>).</summary>
    public string ClientName(string key) => ClientNames?.GetValueOrDefault(key) ?? $"operator {key}";
}
