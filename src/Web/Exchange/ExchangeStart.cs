namespace XpFlywheel.Web.Exchange;

/// <summary>
/// How the writer started: when, how long loading took, the journal sequence it started at, and how many journaled
/// commands it applied again to get there: the journal after the result tables' checkpoint (<see cref="ReplayedFrom"/>),
/// answered before the process stopped but not yet written by the projection.
/// </summary>
public sealed record ExchangeStart(DateTimeOffset At, TimeSpan Duration, long JournalSequence, int Replayed)
{
    /// <summary>The checkpoint the result tables were at: the replay started after it.</summary>
    public long ReplayedFrom { get; init; }
}
