using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Economy;

/// <summary>
/// Input rules for agents, shared by the forms (inline errors) and the services (the final word). Names and
/// descriptions follow <see cref="DisplayText"/>: names are one line of letters, digits, spaces and a little
/// punctuation; descriptions may have line breaks; neither may hold control or invisible formatting characters.
/// </summary>
public static class AgentRules
{
    public const int MaxName = 80;
    public const int MaxDescription = 500;

    /// <summary>
    /// The active (not retired) agents one operator may have: enough for the largest fleets, and a bound on what one
    /// registration checks (names are unique among the operator's active agents).
    /// </summary>
    public const int MaxActiveAgents = 1_000;

    /// <summary>Refuses a name that is empty, too long or holds characters outside the name rule, after normalising it.</summary>
    public static EconomyError? CheckName(string? name)
    {
        var normalized = NormalizeName(name);
        if (normalized.Length == 0)
            return new(EconomyErrors.InvalidName, "Give the agent a name.", "name");
        if (normalized.Length > MaxName)
            return new(EconomyErrors.InvalidName, $"The name can be at most {MaxName} characters ({normalized.Length} now).", "name");
        return DisplayText.NameProblem(normalized) is { } problem
            ? new(EconomyErrors.InvalidName, $"The name {problem}.", "name")
            : null;
    }

    /// <summary>Refuses a description that is too long or holds control or invisible formatting characters.</summary>
    public static EconomyError? CheckDescription(string? description)
    {
        var normalized = DisplayText.NormalizeDescription(description);
        if (normalized.Length > MaxDescription)
            return new(EconomyErrors.InvalidDescription, $"The description can be at most {MaxDescription} characters.", "description");
        return DisplayText.DescriptionProblem(normalized) is { } problem
            ? new(EconomyErrors.InvalidDescription, $"The description {problem}.", "description")
            : null;
    }

    /// <summary>The name as stored: NFC, single spaces, trimmed.</summary>
    public static string NormalizeName(string? name) => DisplayText.NormalizeName(name);

    /// <summary>The description as stored: LF line breaks, NFC, trimmed; null stays null.</summary>
    public static string? NormalizeDescription(string? description) =>
        description is null ? null : DisplayText.NormalizeDescription(description);

    /// <summary>Two of an operator's active agents may not share this key (see <see cref="DisplayText.NameKey"/>).</summary>
    public static string NameKey(string name) => DisplayText.NameKey(name);
}
