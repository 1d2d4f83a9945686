namespace XpFlywheel.Web.Cluster;

/// <summary>
/// A follower handed a command to the leader and no leader took it in time (none runs, or one is taking over): the
/// command was withdrawn and applied nothing. The API answers 503 <c>leader_unavailable</c> with <c>Retry-After</c>.
/// </summary>
public sealed class LeaderUnavailableException(string message) : Exception(message);
