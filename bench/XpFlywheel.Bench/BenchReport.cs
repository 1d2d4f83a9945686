using System.Globalization;

namespace XpFlywheel.Bench;

/// <summary>Prints a readable table and <c>name=value</c> lines that scripts and docs can pick up.</summary>
public static class BenchReport
{
    public static void Print(EngineBenchmarkResult r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Engine only: {r.Commands:N0} commands from {r.Operators:N0} operators"));
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Create(c, $"| commands/s (median of 3) | {r.CommandsPerSecondMedian:N0} |"));
        output.WriteLine(string.Create(c, $"| commands/s (best of 3) | {r.CommandsPerSecondBest:N0} |"));
        output.WriteLine(string.Create(c, $"| latency p50 | {r.P50Nanoseconds / 1000:0.000} µs |"));
        output.WriteLine(string.Create(c, $"| latency p99 | {r.P99Nanoseconds / 1000:0.000} µs |"));
        output.WriteLine(string.Create(c, $"| latency p99.9 | {r.P999Nanoseconds / 1000:0.000} µs |"));
        output.WriteLine(string.Create(c, $"| latency max | {r.MaxNanoseconds / 1000:0.000} µs |"));
        output.WriteLine(string.Create(c, $"| bytes allocated per command | {r.BytesPerCommand:0.###} |"));
        output.WriteLine(string.Create(c, $"| fills / rejections / resting at end | {r.Fills:N0} / {r.Rejections:N0} / {r.RestingAtEnd:N0} |"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"engine_commands_per_second={r.CommandsPerSecondMedian:0}"));
        output.WriteLine(string.Create(c, $"engine_commands_per_second_best={r.CommandsPerSecondBest:0}"));
        output.WriteLine(string.Create(c, $"engine_latency_p50_ns={r.P50Nanoseconds:0}"));
        output.WriteLine(string.Create(c, $"engine_latency_p99_ns={r.P99Nanoseconds:0}"));
        output.WriteLine(string.Create(c, $"engine_latency_p999_ns={r.P999Nanoseconds:0}"));
        output.WriteLine(string.Create(c, $"engine_latency_max_ns={r.MaxNanoseconds:0}"));
        output.WriteLine(string.Create(c, $"engine_bytes_per_command={r.BytesPerCommand:0.###}"));
        output.WriteLine(string.Create(c, $"engine_fills={r.Fills}"));
        output.WriteLine(string.Create(c, $"engine_rejections={r.Rejections}"));
    }

    public static void Print(HostBenchmarkResult r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Through the engine host with SQLite persistence: {r.Commands:N0} commands"));
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Create(c, $"| sustained commands/s | {r.CommandsPerSecond:N0} |"));
        output.WriteLine(string.Create(c, $"| commands per batch (one transaction each) | {r.CommandsPerBatch:N0} |"));
        output.WriteLine(string.Create(c, $"| command to durable p50 | {r.P50Milliseconds:0.00} ms |"));
        output.WriteLine(string.Create(c, $"| command to durable p99 | {r.P99Milliseconds:0.00} ms |"));
        output.WriteLine(string.Create(c, $"| command to durable max | {r.MaxMilliseconds:0.00} ms |"));
        output.WriteLine(string.Create(c, $"| in flight | {r.InFlight:N0} |"));
        output.WriteLine(string.Create(c, $"| projection: commands/s until its last row | {r.ProjectedCommandsPerSecond:N0} |"));
        output.WriteLine(string.Create(c, $"| projection lag: max sampled / when the last command was answered | {r.MaxProjectionLag:N0} / {r.ProjectionLagAtEnd:N0} commands |"));
        output.WriteLine(string.Create(c, $"| bytes written per command (all storage writes of the process) | {r.BytesPerCommand:N0} |"));
        output.WriteLine(r.ReplayedCommandsPerSecond is { } replayed
            ? string.Create(c, $"| replay of the journal on a fresh database, commands/s | {replayed:N0} |")
            : "| replay of the journal on a fresh database, commands/s | skipped (--no-replay) |");
        output.WriteLine(string.Create(c, $"| start on the run's database: journal of {r.JournalRows:N0} commands, {r.DatabaseBytes / 1_048_576.0:N0} MB | {r.StartSeconds:0.00} s to taking orders |"));
        output.WriteLine();
        output.WriteLine(string.Create(c, $"host_commands_per_second={r.CommandsPerSecond:0}"));
        output.WriteLine(string.Create(c, $"host_durable_p50_ms={r.P50Milliseconds:0.00}"));
        output.WriteLine(string.Create(c, $"host_durable_p99_ms={r.P99Milliseconds:0.00}"));
        output.WriteLine(string.Create(c, $"host_start_seconds={r.StartSeconds:0.00}"));
    }
}
