using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Operations.Telemetry;

/// <summary>
/// Instruments that read this app's live state when observed: the writer's queue depth, its journal sequence and the
/// market hub's open connections. Their meter comes from the app's <see cref="IMeterFactory"/>, so it ends with the app.
/// </summary>
public sealed class LiveGauges
{
    public LiveGauges(IMeterFactory meters, ExchangeHost host, HubLifetimeManager<MarketHub> hub)
    {
        var meter = meters.Create(ExchangeMetrics.Name);
        meter.CreateObservableGauge("xpflywheel.exchange.queue.depth", () => host.QueueDepth, "{request}",
            "Requests waiting for the writer.");
        meter.CreateObservableCounter("xpflywheel.exchange.journal.sequence", () => host.DurableSequence, "{command}",
            "The last journal sequence committed.");
        meter.CreateObservableUpDownCounter("xpflywheel.market.hub.connections",
            () => hub is MarketHubLifetimeManager market ? market.ConnectionCount : 0, "{connection}", "Open market hub connections.");
    }
}
