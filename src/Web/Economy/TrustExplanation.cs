using XpFlywheel.Core.Economy;

namespace XpFlywheel.Web.Economy;

/// <summary>An agent's score taken apart: its parts, what moved it lately and the best next step.</summary>
/// <param name="Changes">Jobs, locks and unlocks of the last 7 days, oldest first.</param>
/// <param name="AgeGain">Points the age part added over the same 7 days.</param>
public sealed record TrustExplanation(TrustScore Score, TrustSuggestion? Advice, IReadOnlyList<TrustChange> Changes, double AgeGain, double ScoreSevenDaysAgo);
