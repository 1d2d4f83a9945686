using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Operations.Telemetry;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class TelemetryTests
{
    [Fact]
    public async Task The_exchange_reports_batches_commands_queue_depth_journal_sequence_and_hub_connections()
    {
        var seen = new ConcurrentDictionary<string, double>();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExchangeMetrics.Name)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => seen.AddOrUpdate(Key(i, tags), value, (_, old) => Math.Max(old, value)));
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => seen.AddOrUpdate(Key(i, tags), value, (_, old) => Math.Max(old, value)));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => seen.AddOrUpdate(Key(i, tags), value, (_, old) => Math.Max(old, value)));
        listener.Start();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExchangeMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);

        using var factory = new AppFactory();
        var services = factory.Services;
        var seller = await Operators.CreateAsync(services, "otel-seller@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        Assert.True((await services.GetRequiredService<TradingService>().PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 10))).Succeeded);
        listener.RecordObservableInstruments();

        Assert.True(seen.GetValueOrDefault("xpflywheel.exchange.batch.size") >= 1);
        Assert.True(seen.ContainsKey("xpflywheel.exchange.batch.duration"));
        Assert.True(seen.ContainsKey("xpflywheel.exchange.commands command=SubmitOrder"), string.Join(", ", seen.Keys));
        Assert.True(seen.ContainsKey("xpflywheel.exchange.queue.depth"));
        Assert.True(seen.GetValueOrDefault("xpflywheel.exchange.journal.sequence") >= services.GetRequiredService<ExchangeHost>().JournalSequence);
        Assert.True(seen.ContainsKey("xpflywheel.market.hub.connections"));
        Assert.Contains(spans, span => span.OperationName == "exchange.batch" && span.GetTagItem("xpflywheel.batch.size") is int size && size >= 1);
    }

    [Fact]
    public void Telemetry_is_exported_only_when_an_otlp_endpoint_is_configured()
    {
        using (var quiet = new AppFactory())
        {
            Assert.Null(quiet.Services.GetService<MeterProvider>());
            Assert.Null(quiet.Services.GetService<TracerProvider>());
        }

        using var exporting = new AppFactory();
        exporting.Settings["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4318";
        exporting.Settings["Telemetry:OtlpProtocol"] = "http";
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
    }

    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "command")
                return $"{instrument.Name} command={tag.Value}";
        }
        return instrument.Name;
    }
}
