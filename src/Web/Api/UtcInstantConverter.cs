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
    [GeneratedRegex("(Z|z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Offset();

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(DateTime) || typeToConvert == typeof(DateTime?);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        NumberConverters.For<DateTime>(typeToConvert, Read, (writer, value) => writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    private static DateTime Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return reader.TryGetInt64(out var ms) && ms is >= 0 and <= HistoryCursor.MaxTime
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
                : throw new FieldValueException("A time as a number is whole milliseconds since 1970-01-01 UTC, from 0 to year 9999.");
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: <= 64 } text && reader.TryGetDateTimeOffset(out var at))
            return Offset().IsMatch(text)
                ? at.UtcDateTime
                : throw new FieldValueException("Give the time with its offset, as \"2026-12-01T12:00:00Z\" (UTC) or \"2026-12-01T13:00:00+01:00\".");
        throw new FieldValueException("Expected an ISO 8601 time with its offset, as \"2026-12-01T12:00:00Z\", or milliseconds since 1970-01-01 UTC.");
    }
}
