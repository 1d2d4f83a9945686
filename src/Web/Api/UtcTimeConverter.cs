using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Writes every <see cref="DateTimeOffset"/> as UTC with a <c>Z</c> (<c>2026-12-02T14:05:00.123Z</c>), as the API
/// writes its UTC <see cref="DateTime"/> fields, so one response never mixes <c>Z</c> and <c>+00:00</c>. Reads any
/// ISO 8601 time with an offset.
/// </summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
