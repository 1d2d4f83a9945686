namespace XpFlywheel.Web.Exchange;

/// <summary>
/// How the writer started: when, how long loading took, the journal sequence it started at, and how many journaled
/// commands it applied again to get there (0 while the result tables are written with the journal, as now).
/// </summary>
public sealed record ExchangeStart(DateTimeOffset At, TimeSpan Duration, long JournalSequence, int Replayed);
