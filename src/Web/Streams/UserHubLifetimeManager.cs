using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Web.Streams;

/// <summary>The user hub's connections, each with its own bounded outbound queue, as the market hub's.</summary>
public sealed class UserHubLifetimeManager(
    ILogger<DefaultHubLifetimeManager<UserHub>> baseLogger,
    IOptions<UserHubOptions> options,
    ILogger<UserHubLifetimeManager> logger) : OutboxHubLifetimeManager<UserHub>(baseLogger, options.Value.OutboxCapacity, logger);
