namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An idempotency key was sent again with different terms within its retention: the command is refused and nothing
/// changes (the first command's outcome stands). The API answers 422 <c>idempotency_key_reused</c>.
/// </summary>
public sealed class IdempotencyConflictException(string key)
    : InvalidOperationException($"The idempotency key \"{key}\" was already used for a different request; use a new key for a new request.")
{
    public string Key { get; } = key;
}
