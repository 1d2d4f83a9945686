using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Reads a decimal amount (a price or a cash amount in dollars) from a JSON number or a JSON string, as bots used to
/// Binance, Coinbase and Kraken send them: <c>0.0115</c> and <c>"0.0115"</c> are the same price. A string must be a
/// plain invariant-culture decimal (optional sign, digits, one point, optional exponent); anything else, or a value
/// beyond decimal's range, is a <see cref="JsonException"/>, which the API answers with 400 <c>validation_failed</c>
/// naming the field. Writes numbers.
/// </summary>
public sealed class DollarsConverter : JsonConverterFactory
{
    private const NumberStyles Plain = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(decimal) || typeToConvert == typeof(decimal?);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(decimal) ? new Required() : new Optional();

    private static decimal Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            return number;
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && text.Length is > 0 and <= 64
            && text.Trim() == text && decimal.TryParse(text, Plain, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        throw new JsonException("Expected a decimal number, or a string holding one such as \"0.0115\".");
    }

    private sealed class Required : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => DollarsConverter.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class Optional : JsonConverter<decimal?>
    {
        public override bool HandleNull => true;

        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : DollarsConverter.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
        {
            if (value is { } v)
                writer.WriteNumberValue(v);
            else
                writer.WriteNullValue();
        }
    }
}
