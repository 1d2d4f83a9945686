using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Web.Api;

/// <summary>Reads one value from <paramref name="reader"/>, or throws a <see cref="JsonException"/> saying why it cannot.</summary>
internal delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>
/// The converters of a value read by a rule of its own (<see cref="DollarsConverter"/>, <see cref="WholeUnitsConverter"/>, <see cref="UtcInstantConverter"/>):
/// one for the value and one for the optional value, where JSON null reads as null.
/// </summary>
internal static class NumberConverters
{
    /// <summary>The converter for <paramref name="typeToConvert"/>: <typeparamref name="T"/> or <typeparamref name="T"/>?.</summary>
    public static JsonConverter For<T>(Type typeToConvert, JsonValueReader<T> read, Action<Utf8JsonWriter, T> write) where T : struct =>
        typeToConvert == typeof(T) ? new Required<T>(read, write) : new Optional<T>(read, write);

    /// <summary>
    /// As <see cref="For{T}"/>, but an optional value sent as JSON null is refused (<paramref name="nullReason"/>) rather
    /// than read as left out: for a field whose absence means "all" (an unlock's amount), where a client that writes null
    /// for "no value" must not get the whole.
    /// </summary>
    public static JsonConverter ForAbsentNotNull<T>(Type typeToConvert, JsonValueReader<T> read, Action<Utf8JsonWriter, T> write, string nullReason) where T : struct =>
        typeToConvert == typeof(T)
            ? new Required<T>(read, write)
            : new AbsentNotNull<T>(read, write, nullReason);

    private sealed class Required<T>(JsonValueReader<T> read, Action<Utf8JsonWriter, T> write) : JsonConverter<T> where T : struct
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => read(ref reader);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => write(writer, value);
    }

    private sealed class AbsentNotNull<T>(JsonValueReader<T> read, Action<Utf8JsonWriter, T> write, string nullReason) : JsonConverter<T?> where T : struct
    {
        // Called for JSON null too, which is refused; a field left out never reaches a converter and stays null.
        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? throw new FieldValueException(nullReason) : read(ref reader);

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is { } v)
                write(writer, v);
            else
                writer.WriteNullValue();
        }
    }

    private sealed class Optional<T>(JsonValueReader<T> read, Action<Utf8JsonWriter, T> write) : JsonConverter<T?> where T : struct
    {
        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : read(ref reader);

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is { } v)
                write(writer, v);
            else
                writer.WriteNullValue();
        }
    }
}
