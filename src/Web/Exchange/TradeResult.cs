namespace XpFlywheel.Web.Exchange;

/// <summary>Either validation errors (nothing reached the engine) or the engine's outcome.</summary>
public sealed record TradeResult(IReadOnlyDictionary<string, string[]>? Errors, OrderOutcome? Outcome)
{
    public static TradeResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors, null);

    public static TradeResult From(OrderOutcome outcome) => new(null, outcome);

    public bool Succeeded => Errors is null && Outcome is { Accepted: true };

    /// <summary>The first thing to tell the user when the order did not go through.</summary>
    public string? ErrorMessage => Errors is not null
        ? string.Join(" ", Errors.Values.SelectMany(v => v))
        : Outcome?.RejectMessage;
}
