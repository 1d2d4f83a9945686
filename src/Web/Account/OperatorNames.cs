using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Account;

/// <summary>
/// The name an operator goes by on leaderboards, agent pages and epoch tables: the display name they chose, else the
/// part of their email before the @, else "operator N". A chosen name follows <see cref="DisplayText"/>'s name rule.
/// </summary>
public static class OperatorNames
{
    /// <summary>The longest display name, in UTF-16 units after normalising.</summary>
    public const int MaxLength = 40;

    /// <summary>The public name of operator <paramref name="operatorId"/>.</summary>
    public static string Of(string? displayName, string? email, long operatorId) =>
        !string.IsNullOrEmpty(displayName) ? displayName
        : !string.IsNullOrEmpty(email) ? email.Split('@')[0]
        : $"operator {operatorId}";

    /// <summary>
    /// Checks a chosen display name: the normalised name to store (null to go back to the email prefix when the
    /// text is blank), or why it is refused.
    /// </summary>
    public static (string? Name, string? Problem) Check(string? text)
    {
        var normalized = DisplayText.NormalizeName(text);
        if (normalized.Length == 0)
            return (null, null);
        if (normalized.Length > MaxLength)
            return (null, $"The display name can be at most {MaxLength} characters ({normalized.Length} now).");
        return DisplayText.NameProblem(normalized) is { } problem ? (null, $"The display name {problem}.") : (normalized, null);
    }
}
