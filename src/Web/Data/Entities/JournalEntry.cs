namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One applied command in the journal, in the writer's order: <see cref="Sequence"/> 1, 2, 3… with no gaps, written
/// in the same transaction as the batch it belongs to, before anyone hears back.
/// </summary>
public class JournalEntry
{
    public long Sequence { get; set; }
    public DateTime At { get; set; }

    /// <summary>The command's journal name, e.g. "order.submit" (see <c>ExchangeCommand</c>).</summary>
    public string Type { get; set; } = "";

    /// <summary>The actor's scope, e.g. "o:42" or "a:admin@example.com".</summary>
    public string Actor { get; set; } = "";

    public string? IdempotencyKey { get; set; }

    /// <summary>The whole command as JSON (<c>CommandJson</c>).</summary>
    public string Command { get; set; } = "";

    /// <summary>
    /// For a command whose result rows the writer commits with its journal row (every command but the trading ones), the
    /// ledger's next posting sequence once it was applied: its postings are those from where the ledger stood before it
    /// up to this one (exclusive), already in <c>Postings</c> when the row can be read, so a follower applies them instead
    /// of reloading its replica. Null for trading commands (a follower applies those itself) and for rows journaled
    /// before this column existed.
    /// </summary>
    public long? NextPostingSequence { get; set; }
}

/// <summary>
/// The first accepted outcome of a command sent with an idempotency key, kept until <see cref="ExpiresAt"/> so a
/// retry within the retention returns it instead of applying the command twice.
/// </summary>
public class IdempotencyEntry
{
    /// <summary>The actor's scope: keys of different actors never collide.</summary>
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>The journal sequence of the command that used the key first.</summary>
    public long Sequence { get; set; }

    /// <summary>The command's terms (JSON without sequence, time and key): a repeat must match them.</summary>
    public string Terms { get; set; } = "";

    /// <summary>The outcome returned to the first caller, as JSON.</summary>
    public string Outcome { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}
