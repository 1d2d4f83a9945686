using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Market;

/// <summary>Settings of the market hub's outbound queues (section <c>MarketHub</c>).</summary>
public sealed class MarketHubOptions
{
    /// <summary>Messages one connection may have waiting before it counts as not reading and is dropped.</summary>
    public int OutboxCapacity { get; set; } = 4096;
}

/// <summary>The market hub's connections, each with its own bounded outbound queue (<see cref="OutboxHubLifetimeManager{THub}"/>).</summary>
public sealed class MarketHubLifetimeManager(
    ILogger<DefaultHubLifetimeManager<MarketHub>> baseLogger,
    IOptions<MarketHubOptions> options,
    ILogger<MarketHubLifetimeManager> logger) : OutboxHubLifetimeManager<MarketHub>(baseLogger, options.Value.OutboxCapacity, logger);
