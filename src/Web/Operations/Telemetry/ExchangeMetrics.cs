using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace XpFlywheel.Web.Operations.Telemetry;

/// <summary>
/// The exchange's own instruments, on the meter and activity source named <see cref="Name"/>. They cost next to
/// nothing until a listener (OpenTelemetry's SDK when <c>Telemetry:OtlpEndpoint</c> is set, or <c>dotnet-counters</c>)
/// subscribes. Names follow OpenTelemetry's semantic-convention style; units are UCUM.
/// </summary>
public static class ExchangeMetrics
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "XpFlywheel.Exchange";

    /// <summary>The meter every exchange instrument belongs to.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Traces one span per writer batch ("exchange.batch"), tagged with its size and outcome.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Requests (commands and reads) per committed writer batch.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "xpflywheel.exchange.batch.size", "{request}", "Requests in one writer batch (one transaction, one commit).");

    /// <summary>Seconds from a batch's first request to its commit being durable.</summary>
    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "xpflywheel.exchange.batch.duration", "s", "Time to run and durably commit one writer batch.");

    /// <summary>Commands journaled, by command type.</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "xpflywheel.exchange.commands", "{command}", "Commands appended to the journal, by type.");

    /// <summary>Batches rolled back.</summary>
    public static readonly Counter<long> BatchFailures = Meter.CreateCounter<long>(
        "xpflywheel.exchange.batch.failures", "{batch}", "Writer batches rolled back.");
}
