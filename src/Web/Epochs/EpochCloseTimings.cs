namespace XpFlywheel.Web.Epochs;

/// <summary>
/// The phases of a close by parts (<see cref="EpochPayout"/>), as the epoch service timed them: scoring off the writer,
/// staging the lines, the close command, and paying every part. Only the commands hold the writer, one part at a time.
/// </summary>
public sealed record EpochCloseTimings(long Number, int Lines, TimeSpan Scoring, TimeSpan Staging, TimeSpan Closing, TimeSpan Paying);
