namespace XpFlywheel.Web.Cluster;

/// <summary>
/// What this process is among the processes sharing one database. On PostgreSQL any number of nodes run against the
/// same database: the one holding the writer lease is the <em>leader</em> and applies every command; the others are
/// <em>followers</em>, which replay the journal into their own in-memory state, serve pages, reads and hubs from it,
/// hand the commands they receive to the leader through the database (<see cref="CommandForwarder"/>), and take the
/// lease when the leader's session ends. On SQLite (one file, one machine) there is only ever a leader: a second
/// process is refused at start.
/// </summary>
public sealed class ClusterNode(bool canFollow, string connectionString)
{
    /// <summary>Whether this process may follow another (PostgreSQL) instead of stopping when the lease is taken.</summary>
    public bool CanFollow { get; } = canFollow;

    /// <summary>The database's connection string (for the notification channels on PostgreSQL).</summary>
    internal string ConnectionString { get; } = connectionString;

    private volatile bool _following;

    /// <summary>True while this process follows another's journal; false on the leader (and before start).</summary>
    public bool Following => _following;

    internal void Follow() => _following = true;

    internal void Lead() => _following = false;

    /// <summary>The notification channel the leader signals after every journal append and result write.</summary>
    public const string JournalChannel = "xpf_journal";

    /// <summary>The channel a follower signals after it put a command in the inbox.</summary>
    public const string InboxChannel = "xpf_inbox";

    /// <summary>The channel the leader signals after it answered inbox commands.</summary>
    public const string AnswerChannel = "xpf_answer";

    /// <summary>The channel the leader signals after it stored notifications (<see cref="Notifications.NotificationTail"/>).</summary>
    public const string NotificationChannel = "xpf_notification";

    /// <summary>
    /// The channel any node signals when something that let a connection in stops holding, with the payload
    /// <c>key:{id}</c> (an API key revoked) or <c>operator:{id}</c> (an account locked out or deleted):
    /// <see cref="AccessRelay"/>.
    /// </summary>
    public const string AccessChannel = "xpf_access";
}
