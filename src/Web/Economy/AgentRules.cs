namespace XpFlywheel.Web.Economy;

/// <summary>Input rules for agents, shared by the forms (inline errors) and the services (the final word).</summary>
public static class AgentRules
{
    public const int MaxName = 80;
    public const int MaxDescription = 500;

    public static EconomyError? CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            return new(EconomyErrors.InvalidName, "Give the agent a name.", "name");
        return trimmed.Length > MaxName
            ? new(EconomyErrors.InvalidName, $"The name can be at most {MaxName} characters ({trimmed.Length} now).", "name")
            : null;
    }

    public static EconomyError? CheckDescription(string? description) =>
        (description?.Trim().Length ?? 0) > MaxDescription
            ? new(EconomyErrors.InvalidDescription, $"The description can be at most {MaxDescription} characters.", "description")
            : null;
}
