namespace XpFlywheel.Web.Economy;

/// <summary>
/// The answer of an economy operation: a value, or a refusal with a machine-readable <see cref="Code"/> (see
/// <see cref="EconomyErrors"/>), a sentence for people and the input field it concerns. Refusals change nothing.
/// </summary>
public sealed record EconomyResult<T>(T? Value, string? Code, string? Message, string? Field) : Exchange.ICommandOutcome
{
    public bool Succeeded => Code is null;

    public static EconomyResult<T> Ok(T value) => new(value, null, null, null);

    public static EconomyResult<T> Fail(string code, string message, string? field = null) => new(default, code, message, field);

    public static implicit operator EconomyResult<T>(EconomyError error) => Fail(error.Code, error.Message, error.Field);
}
