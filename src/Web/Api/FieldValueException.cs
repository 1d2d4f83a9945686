using System.Text.Json;

namespace XpFlywheel.Web.Api;

/// <summary>
/// A JSON value the API's own converters (<see cref="DollarsConverter"/>, <see cref="WholeUnitsConverter"/>,
/// <see cref="UtcInstantConverter"/>) refuse, with the reason in words a client can act on ("XP has no fractions",
/// "give the time with its offset"). The API answers it with 400 <c>validation_failed</c> naming the field and giving
/// this reason, where a value the framework cannot convert gets the general one.
/// </summary>
public sealed class FieldValueException(string reason) : JsonException(reason)
{
    /// <summary>Why the value is refused: one sentence, without the field's name.</summary>
    public string Reason { get; } = reason;
}
