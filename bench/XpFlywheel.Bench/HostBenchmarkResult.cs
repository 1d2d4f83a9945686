namespace XpFlywheel.Bench;

/// <summary>Figures of one run through the engine host with SQLite persistence; latencies are command to durable.</summary>
public sealed record HostBenchmarkResult(int Commands, double CommandsPerSecond, double CommandsPerBatch, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds);
