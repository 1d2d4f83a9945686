namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// A command a follower received and handed to the leader through the database (<c>CommandInbox</c>): the follower
/// inserts it and waits; the leader claims it with its fencing token, applies it through its writer and stores the
/// outcome (or the refusal) with the journal sequence the leader had reached, which the follower's replica waits for
/// before the caller hears back. A leader that takes over claims again what a dead leader claimed and never answered;
/// the row's id is the command's idempotency key when the caller gave none, so it is applied at most once.
/// </summary>
public class InboxCommand
{
    public long Id { get; set; }

    /// <summary>The command as JSON (<c>CommandJson</c>).</summary>
    public string Command { get; set; } = "";

    /// <summary>When the follower inserted it (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The fencing token of the leader that took it; 0 while nobody has.</summary>
    public long ClaimedBy { get; set; }

    /// <summary>Set by a follower that stopped waiting before any leader took it: never applied.</summary>
    public bool Withdrawn { get; set; }

    /// <summary>When the leader answered (UTC); null while it has not.</summary>
    public DateTime? AnsweredAt { get; set; }

    /// <summary>The outcome as JSON (the handler's outcome type, <c>CommandJson.Options</c>), when applied.</summary>
    public string? Outcome { get; set; }

    /// <summary>How the leader refused it, when it did: <c>idempotency_key_reused</c>, <c>writer_moved</c> or <c>failed</c>;
    /// or <c>repeated</c> beside an <see cref="Outcome"/> it answered from the command's idempotency key (applied once, earlier).</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The longest <see cref="ErrorMessage"/> stored, in UTF-16 code units; a longer one is cut.</summary>
    public const int MaxErrorMessage = 2_000;

    /// <summary>The refusal's message, for the caller (at most <see cref="MaxErrorMessage"/> characters).</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The leader's journal sequence once the outcome was durable: the follower reads nothing older after it.</summary>
    public long Sequence { get; set; }
}
