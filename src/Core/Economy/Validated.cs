namespace XpFlywheel.Core.Economy;

/// <summary>
/// The outcome of checking admin or user input: either a value or the list of reasons it was refused.
/// Refusals are expected, so they are data rather than exceptions.
/// </summary>
public sealed record Validated<T>(T? Value, IReadOnlyList<string> Errors) where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;

    public static Validated<T> Valid(T value) => new(value, []);

    public static Validated<T> Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
