namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An outcome that says whether the command was accepted. A refused command changes nothing and does not consume
/// its idempotency key, so the caller can fix the request and send it again under the same key.
/// </summary>
public interface ICommandOutcome
{
    bool Succeeded { get; }
}
