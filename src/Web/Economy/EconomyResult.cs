namespace XpFlywheel.Web.Economy;

/// <summary>
/// The answer of an economy operation: a value, or a refusal with a machine-readable <see cref="Code"/> (see
/// <see cref="EconomyErrors"/>), a sentence for people and the input field it concerns. Refusals change nothing.
/// </summary>
public sealed record EconomyResult<T>(T? Value, string? Code, string? Message, string? Field) : Exchange.ICommandOutcome, Exchange.IRepeatableOutcome
{
    public bool Succeeded => Code is null;

    /// <summary>
    /// True when this answers a retry under an idempotency key the writer had already seen: the first outcome,
    /// repeated, nothing applied again (the API marks such answers <c>Idempotent-Replayed: true</c>). Not stored.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRepeat { get; init; }

    /// <inheritdoc />
    public object AsRepeat() => this with { IsRepeat = true };

    public static EconomyResult<T> Ok(T value) => new(value, null, null, null);

    public static EconomyResult<T> Fail(string code, string message, string? field = null) => new(default, code, message, field);

    public static implicit operator EconomyResult<T>(EconomyError error) => Fail(error.Code, error.Message, error.Field);
}
