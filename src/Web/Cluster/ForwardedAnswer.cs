using System.Text.Json;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Cluster;

/// <summary>The leader's answer to a forwarded command: its outcome as JSON, or a refusal; and the leader's journal sequence then.</summary>
/// <param name="Outcome">The handler's outcome (<c>CommandJson.Options</c>), when the leader applied or answered it.</param>
/// <param name="ErrorCode"><c>idempotency_key_reused</c>, <c>writer_moved</c> or <c>failed</c> when refused;
/// <c>repeated</c> when <paramref name="Outcome"/> is a first outcome answered again from the command's idempotency key.</param>
/// <param name="ErrorMessage">The refusal's message.</param>
/// <param name="Sequence">The leader's last journal sequence when the outcome was durable.</param>
public sealed record ForwardedAnswer(string? Outcome, string? ErrorCode, string? ErrorMessage, long Sequence)
{
    public const string KeyReused = "idempotency_key_reused";
    public const string WriterMoved = "writer_moved";
    public const string Failed = "failed";

    /// <summary>Not a refusal: the leader answered from the command's idempotency key with the first outcome, applying nothing again.</summary>
    public const string Repeated = "repeated";

    /// <summary>The outcome as the caller's type, or the refusal thrown as the leader's caller would have seen it.</summary>
    /// <exception cref="IdempotencyConflictException">The key was used for other terms.</exception>
    /// <exception cref="LeaderUnavailableException">
    /// The leader lost the writer while applying it, or its batch failed (the database went away, a lock timed out):
    /// either way nothing was applied, and the request may be sent again.
    /// </exception>
    public T OutcomeAs<T>(ExchangeCommand command) => ErrorCode switch
    {
        null => JsonSerializer.Deserialize<T>(Outcome ?? "null", CommandJson.Options)!,
        Repeated => JsonSerializer.Deserialize<T>(Outcome ?? "null", CommandJson.Options) is { } first
            ? first is IRepeatableOutcome repeatable ? (T)repeatable.AsRepeat() : first
            : default!,
        KeyReused => throw new IdempotencyConflictException(command.IdempotencyKey ?? ""),
        WriterMoved => throw new LeaderUnavailableException(ErrorMessage ?? "The leader lost the writer; send the request again."),
        _ => throw new LeaderUnavailableException(
            $"The leader could not apply the command and applied nothing ({ErrorMessage ?? "its batch failed"}); send the request again."),
    };
}
