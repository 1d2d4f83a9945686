using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Reads a decimal amount (a price or a cash amount in dollars) from a JSON number or a JSON string, as bots used to
/// Binance, Coinbase and Kraken send them: <c>0.0115</c> and <c>"0.0115"</c> are the same price. A string must be a
/// plain invariant-culture decimal (optional sign, digits, one point, optional exponent); anything else, or a value
/// beyond decimal's range, is a <see cref="JsonException"/>, which the API answers with 400 <c>validation_failed</c>
/// naming the field. A string is read exactly as the same digits sent as a number, however many there are
/// (<c>"0.0100…0"</c> with thousands of trailing zeros is 0.01 either way). Writes numbers.
/// </summary>
public sealed partial class DollarsConverter : JsonConverterFactory
{
    private const NumberStyles Plain = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// A number as JSON writes one (RFC 8259 §6, the OpenAPI document's pattern): "-0.0115", "1.15e-2"; not "+1", "1.",
    /// ".5", " 1" or "05" (JSON has no leading zeros, which some languages read as octal).
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(JsonNumberPattern)]
    private static partial System.Text.RegularExpressions.Regex JsonNumberText();

    /// <summary>The pattern of <see cref="JsonNumberText"/>, also published in the OpenAPI document.</summary>
    public const string JsonNumberPattern = """^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$""";

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(decimal) || typeToConvert == typeof(decimal?);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.For<decimal>(typeToConvert, Read, (writer, value) => writer.WriteNumberValue(value));

    /// <summary>The reason given for a number beyond what a decimal holds (about ±7.9 × 10^28).</summary>
    internal const string OutOfRange = "The number is out of range: far beyond any amount, price or quantity the market accepts.";

    /// <summary>The decimal a JSON number or decimal string says exactly; a <see cref="JsonException"/> otherwise.</summary>
    internal static decimal Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A long number can span the reader's buffers, where its text is in ValueSequence and ValueSpan is empty.
            var number = reader.HasValueSequence
                ? System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence))
                : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            return reader.TryGetDecimal(out var value) ? Exact(number, value) : Unparsed(number);
        }
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text && JsonNumberText().IsMatch(text))
            return decimal.TryParse(text, Plain, CultureInfo.InvariantCulture, out var parsed) ? Exact(text, parsed) : Unparsed(text);
        throw new FieldValueException("Expected a decimal number, or a string holding one such as \"0.0115\".");
    }

    /// <summary>The reason given for a number with more digits than a decimal keeps exactly.</summary>
    internal const string TooPrecise = "The number has more digits than can be kept exactly (at most 28 significant digits and 28 decimal places).";

    /// <summary>The reason given for a nonzero number too close to zero for a decimal (1e-400): below every amount.</summary>
    internal const string TooSmall = "The number is too close to zero to be kept exactly (more than 28 decimal places): far below the smallest price ($0.0001), amount or quantity the market accepts.";

    // A JSON number a decimal could not be parsed from: zero whatever its exponent (0e-99999999999 is 0), a number
    // with a huge negative exponent is below every amount, anything else is beyond every amount.
    private static decimal Unparsed(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = e >= 0 ? text[..e] : text;
        if (mantissa.TrimStart('-').All(c => c is '0' or '.'))
            return 0m;
        throw new FieldValueException(e >= 0 && text[e + 1] == '-' ? TooSmall : OutOfRange);
    }

    /// <summary>
    /// <paramref name="value"/>, when it is exactly what <paramref name="text"/> says. A decimal keeps 28 significant
    /// digits and 28 decimal places; past that parsing rounds (0.020000000000000000000000000000000001 became 0.02, a
    /// price on the tick), so such a value is refused rather than silently changed.
    /// </summary>
    private static decimal Exact(string text, decimal value)
    {
        var mantissa = text.TrimStart('+', '-');
        var exponent = 0;
        var e = mantissa.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(mantissa[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
                return Unparsed(text);
            mantissa = mantissa[..e];
        }
        var point = mantissa.IndexOf('.');
        var whole = point >= 0 ? mantissa[..point] : mantissa;
        var fraction = point >= 0 ? mantissa[(point + 1)..].TrimEnd('0') : "";
        var significant = (whole + fraction).TrimStart('0').Length;
        var places = (long)fraction.Length - exponent;
        // A whole number of 29 digits or more is past every amount the market takes, whatever a decimal could hold.
        if (significant > 28 && places <= 0)
            throw new FieldValueException(OutOfRange);
        // Every digit past the 28th place (1e-40): below every amount, not a long number rounded.
        if (significant > 0 && places - significant >= 28)
            throw new FieldValueException(TooSmall);
        if (significant > 28 || (significant > 0 && places > 28))
            throw new FieldValueException(TooPrecise);
        return value;
    }
}
