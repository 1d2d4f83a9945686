using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Reads an instant a client sends (an expiry) as UTC: an ISO 8601 time that gives its offset
/// (<c>"2026-12-01T12:00:00Z"</c>, <c>"2026-12-01T13:00:00+01:00"</c>), or a JSON number of milliseconds since
/// 1970-01-01 UTC as <c>startTime</c>/<c>endTime</c> take. A time without an offset (<c>"2026-12-01T12:00:00"</c>) is
/// refused with a <see cref="FieldValueException"/> rather than guessed: read as the server's local time, or as UTC,
/// it could end an offer hours from when its sender meant. Writes UTC with a <c>Z</c>.
/// </summary>
public sealed partial class UtcInstantConverter : JsonConverterFactory
{
    // An ISO 8601 date and time of day, then one of its offsets: Z, ±hh:mm, ±hhmm or ±hh (a date alone has none:
    // "2030-01-01"; "12/01/2030 13:00+05" is not ISO 8601 and is not guessed at).
    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$")]
    private static partial Regex Offset();

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(DateTime) || typeToConvert == typeof(DateTime?);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.For<DateTime>(typeToConvert, Read, (writer, value) => writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    private static DateTime Read(ref Utf8JsonReader reader)
    {
        // Milliseconds, as a number or a string of one ("1796298683378", 1796298683378.0), read as whole units are.
        if (reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 and <= 32 } digits
                && digits.All(char.IsAsciiDigit)))
        {
            const string NotATime = "A time as a number is whole milliseconds since 1970-01-01 UTC, from 0 to year 9999.";
            long ms;
            try
            {
                ms = WholeUnitsConverter.Read(ref reader);
            }
            catch (FieldValueException)
            {
                // The whole-number reader's reasons speak of XP and quantities; a fraction or a huge number here is no time.
                throw new FieldValueException(NotATime);
            }
            if (ms is < 0 or > HistoryCursor.MaxTime)
                throw new FieldValueException(NotATime);
            // No expiry lies before 1973 (10^11 ms): a number this small is seconds, not milliseconds.
            if (ms < 100_000_000_000)
                throw new FieldValueException($"A time as a number is milliseconds since 1970-01-01 UTC; {ms} looks like seconds (multiply by 1,000).");
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
        }
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: <= 64 } text)
        {
            if (reader.TryGetDateTimeOffset(out var at))
                return Offset().IsMatch(text)
                    ? at.UtcDateTime
                    : throw new FieldValueException("Give the time with its offset, as \"2026-12-01T12:00:00Z\" (UTC) or \"2026-12-01T13:00:00+01:00\".");
            // ISO 8601 forms the JSON reader does not take (an offset of ±hh or ±hhmm), or times out of range.
            if (Offset().IsMatch(text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
                return parsed.UtcDateTime;
        }
        throw new FieldValueException("Expected an ISO 8601 time with its offset, as \"2026-12-01T12:00:00Z\", in years 1970 to 9999, or milliseconds since 1970-01-01 UTC.");
    }
}
