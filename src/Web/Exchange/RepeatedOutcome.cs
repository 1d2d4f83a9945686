namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The first outcome of a command answered from its idempotency key (nothing applied again), as the writer stored it,
/// for a caller that asked for no particular outcome type: the cluster's relay, which hands it to the follower that
/// forwarded the command, marked as a repeat (<see cref="Cluster.ForwardedAnswer.Repeated"/>).
/// </summary>
/// <param name="Json">The first outcome as JSON (<c>CommandJson.Options</c>).</param>
public sealed record RepeatedOutcome(string Json);
