namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An outcome that can tell its caller it is a repeat: answered from an earlier command's idempotency key, not
/// applied again. The writer answers such a retry with <see cref="AsRepeat"/> of the first outcome, so an order
/// placed again under the same <c>Idempotency-Key</c> says <c>repeat</c> (200) exactly as one placed again under
/// the same <c>clientOrderId</c> does.
/// </summary>
public interface IRepeatableOutcome
{
    /// <summary>This outcome as the answer to a repeat: the same result, marked as not applied again.</summary>
    object AsRepeat();
}
