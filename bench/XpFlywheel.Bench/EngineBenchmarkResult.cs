namespace XpFlywheel.Bench;

/// <summary>Figures of one engine-only benchmark run.</summary>
public sealed record EngineBenchmarkResult(
    int Commands,
    int Operators,
    double CommandsPerSecondMedian,
    double CommandsPerSecondBest,
    double P50Nanoseconds,
    double P99Nanoseconds,
    double P999Nanoseconds,
    double MaxNanoseconds,
    double BytesPerCommand,
    long Fills,
    long Rejections,
    long RestingAtEnd);
