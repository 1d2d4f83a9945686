namespace XpFlywheel.Web.Economy;

/// <summary>A refusal before it is typed as a result: lets validators return one value for any result type.</summary>
public sealed record EconomyError(string Code, string Message, string? Field = null);
