namespace XpFlywheel.Web.Exchange;

/// <summary>The writer's state and, once it faulted or stopped, why.</summary>
/// <param name="State">Where the writer is in its life.</param>
/// <param name="Reason">Why it is not running, for the health report; null while it loads or runs.</param>
public sealed record WriterStatus(WriterState State, string? Reason = null)
{
    /// <summary>The status of a writer that has not finished loading.</summary>
    public static WriterStatus Loading { get; } = new(WriterState.Loading);

    /// <summary>The status of a writer whose loop is taking work.</summary>
    public static WriterStatus Running { get; } = new(WriterState.Running);
}
