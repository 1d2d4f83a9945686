namespace XpFlywheel.Bench;

/// <summary>
/// Figures of one run through the engine host with SQLite persistence; latencies are command to durable (journaled and
/// answered). The projection writes the result rows behind: its pace is commands ÷ the time until its last row.
/// </summary>
public sealed record HostBenchmarkResult(int Commands, double CommandsPerSecond, double CommandsPerBatch, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public int InFlight { get; init; }
    public double ProjectedCommandsPerSecond { get; init; }
    public long MaxProjectionLag { get; init; }
    public long ProjectionLagAtEnd { get; init; }

    /// <summary>Bytes the process wrote to storage during the run (Linux's write_bytes), per command: journal and result rows.</summary>
    public double BytesPerCommand { get; init; }

    /// <summary>The run's journal applied again on a fresh database (results written and journaled): commands per second; null when skipped.</summary>
    public double? ReplayedCommandsPerSecond { get; init; }

    /// <summary>Commands in the journal at the end of the run.</summary>
    public long JournalRows { get; init; }

    /// <summary>A new host on the run's database, from its construction until it takes orders, in seconds.</summary>
    public double StartSeconds { get; init; }

    /// <summary>The database file and its WAL at the end, in bytes.</summary>
    public long DatabaseBytes { get; init; }
}
