using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Reads a quantity of whole units (XP) from a JSON number or a JSON string, as bots used to Binance, Coinbase and
/// Kraken send quantities: <c>100</c>, <c>"100"</c>, <c>100.0</c>, <c>"100.00000000"</c> and <c>1e2</c> are all 100 XP.
/// A value with a fraction (<c>100.5</c>: XP has no smaller unit), beyond a 64-bit integer, or not a plain decimal is a
/// <see cref="JsonException"/>, which the API answers with 400 <c>validation_failed</c> naming the field; ranges (at
/// least 1, the market's limits) are the endpoint's to check. Writes numbers.
/// </summary>
public class WholeUnitsConverter : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(long) || typeToConvert == typeof(long?);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.For<long>(typeToConvert, Read, (writer, value) => writer.WriteNumberValue(value));

    internal static long Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole))
            return whole;
        decimal value;
        try
        {
            value = DollarsConverter.Read(ref reader);
        }
        catch (FieldValueException unreadable) when (unreadable.Message != DollarsConverter.OutOfRange)
        {
            // A whole-number field says so in its own words, not the decimal fields' ("such as 0.0115").
            throw new FieldValueException("Expected a whole number, or a string holding one such as \"100\".");
        }
        if (value != decimal.Truncate(value))
            throw new FieldValueException("Expected a whole number: XP, ids and seconds have no fractions.");
        if (value is < long.MinValue or > long.MaxValue)
            throw new FieldValueException(DollarsConverter.OutOfRange);
        return (long)value;
    }
}

/// <summary>
/// Marks a body field's converter that refuses JSON null: the field's absence has a meaning (the whole lock, a public
/// offer, a minimum fill of 1 XP) that a client writing null for "no value" must not get by accident. The API document
/// declares such a field not nullable; an optional field without this mark reads null as left out and is declared nullable.
/// </summary>
public interface IRefusesNull;

/// <summary>
/// Whole units as <see cref="WholeUnitsConverter"/> reads them, for an optional field whose absence means "all": left
/// out, it is null; sent as JSON null, it is refused (400 naming the field), so <c>{"amount": null}</c> never unlocks
/// a whole lock by accident.
/// </summary>
public sealed class WholeUnitsOrAbsentConverter : WholeUnitsConverter, IRefusesNull
{
    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.ForAbsentNotNull<long>(typeToConvert, Read, (writer, value) => writer.WriteNumberValue(value),
            "Send a whole number of XP, or leave the field out (or send no body) for the whole lock; null is not read as either.");
}

/// <summary>
/// An OTC offer's minimum fill: whole XP as <see cref="WholeUnitsConverter"/> reads them; left out, 1 XP (any part may be
/// taken); sent as JSON null, refused (400 naming the field), so a null never opens an offer to fills it did not allow.
/// </summary>
public sealed class MinimumFillConverter : WholeUnitsConverter, IRefusesNull
{
    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.ForAbsentNotNull<long>(typeToConvert, Read, (writer, value) => writer.WriteNumberValue(value),
            "Send a whole number of XP, or leave the field out for a minimum fill of 1 XP; null is not read as either.");
}

/// <summary>
/// An id in a request body (<c>agentId</c>, <c>clientAgentId</c>, <c>counterpartyId</c>): a whole number as
/// <see cref="WholeUnitsConverter"/> reads it, from 1 up, as every id the API hands out. Zero or a negative number is
/// refused as a 400 naming the field (README, "HTTP API"), where it used to be looked up and answered 404.
/// </summary>
public class IdConverter : WholeUnitsConverter
{
    /// <summary>The reason a zero or negative id is refused.</summary>
    public const string NotAnId = "Ids start at 1.";

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.For<long>(typeToConvert, ReadId, (writer, value) => writer.WriteNumberValue(value));

    internal static long ReadId(ref Utf8JsonReader reader) =>
        Read(ref reader) is var id and >= 1 ? id : throw new FieldValueException(NotAnId);
}

/// <summary>
/// The counterparty of a private OTC offer: an id as <see cref="IdConverter"/> reads it; left out, the offer is public;
/// sent as JSON null, refused (400 naming the field), so a client whose counterparty came out null never publishes to
/// everyone an offer it meant for one operator.
/// </summary>
public sealed class CounterpartyConverter : IdConverter, IRefusesNull
{
    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.ForAbsentNotNull<long>(typeToConvert, ReadId, (writer, value) => writer.WriteNumberValue(value),
            "Send the operator id the offer is private to, or leave the field out for a public offer; null is not read as either.");
}
