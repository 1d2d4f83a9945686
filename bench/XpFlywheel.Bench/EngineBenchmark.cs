using System.Diagnostics;

namespace XpFlywheel.Bench;

/// <summary>
/// Replays the stream on a fresh engine: a warm-up prefix first (JIT tiers, pools and maps grown to steady size),
/// then the measured commands. Throughput passes time the whole loop; the latency pass times each command with
/// <see cref="Stopwatch.GetTimestamp"/>. Draining the ledger's postings is part of every command, as in the host.
/// </summary>
public static class EngineBenchmark
{
    private const int ThroughputPasses = 3;

    public static EngineBenchmarkResult Run(int commands, int operators, int seed)
    {
        var warmUp = commands / 5;
        var stream = CommandStream.Generate(warmUp + commands, operators, seed);

        var rates = new double[ThroughputPasses];
        for (var pass = 0; pass < ThroughputPasses; pass++)
            rates[pass] = Throughput(stream, warmUp, operators);
        Array.Sort(rates);
        var bytesPerCommand = AllocatedPerCommand(stream, warmUp, operators);

        var (latencies, fills, rejections, resting) = Latencies(stream, warmUp, operators);
        Array.Sort(latencies);
        var nanosPerTick = 1e9 / Stopwatch.Frequency;
        double At(double quantile) => latencies[(int)Math.Min(latencies.Length - 1, quantile * latencies.Length)] * nanosPerTick;

        return new EngineBenchmarkResult(commands, operators, rates[ThroughputPasses / 2], rates[^1],
            At(0.50), At(0.99), At(0.999), latencies[^1] * nanosPerTick, bytesPerCommand, fills, rejections, resting);
    }

    private static double Throughput(BenchCommand[] stream, int warmUp, int operators)
    {
        var (ledger, engine) = CommandStream.NewMarket(operators, stream.Length);
        for (var i = 0; i < warmUp; i++)
        {
            CommandStream.Apply(engine, stream[i]);
            ledger.ClearPostings();
        }
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        for (var i = warmUp; i < stream.Length; i++)
        {
            CommandStream.Apply(engine, stream[i]);
            ledger.ClearPostings();
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        return (stream.Length - warmUp) / elapsed.TotalSeconds;
    }

    // Sums what each command allocates (apply plus draining the postings), read around each command alone.
    private static double AllocatedPerCommand(BenchCommand[] stream, int warmUp, int operators)
    {
        var (ledger, engine) = CommandStream.NewMarket(operators, stream.Length);
        long total = 0;
        for (var i = 0; i < stream.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            CommandStream.Apply(engine, stream[i]);
            ledger.ClearPostings();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (i >= warmUp)
                total += allocated;
        }
        return (double)total / (stream.Length - warmUp);
    }

    private static (long[] Latencies, long Fills, long Rejections, long Resting) Latencies(BenchCommand[] stream, int warmUp, int operators)
    {
        var (ledger, engine) = CommandStream.NewMarket(operators, stream.Length);
        var latencies = new long[stream.Length - warmUp];
        long fills = 0, rejections = 0;
        for (var i = 0; i < stream.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = CommandStream.Apply(engine, stream[i]);
            ledger.ClearPostings();
            var end = Stopwatch.GetTimestamp();
            if (i < warmUp)
                continue;
            latencies[i - warmUp] = end - start;
            fills += result.Fills.Length;
            rejections += result.IsAccepted ? 0 : 1;
        }
        return (latencies, fills, rejections, engine.OrderCount);
    }
}
