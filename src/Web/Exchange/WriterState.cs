namespace XpFlywheel.Web.Exchange;

/// <summary>Where the exchange's single writer is in its life.</summary>
public enum WriterState
{
    /// <summary>Rebuilding the book and balances from the database; no order can run yet.</summary>
    Loading,

    /// <summary>
    /// Another process holds the writer: this one applies that leader's journal to a replica, serves reads from it and
    /// hands commands to the leader; it takes over when the leader's lease ends (PostgreSQL only).
    /// </summary>
    Following,

    /// <summary>Loaded, and its loop is taking work.</summary>
    Running,

    /// <summary>Loading or the loop failed; nothing will run until the app is restarted.</summary>
    Faulted,

    /// <summary>The loop ended because the app is stopping.</summary>
    Stopped,
}
