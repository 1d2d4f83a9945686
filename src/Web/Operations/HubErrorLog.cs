using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// Logs what goes wrong on the hubs by whose fault it is. A <see cref="HubException"/> is a refusal the caller reads
/// (<c>validation_failed: …</c>, <c>rate_limited: …</c>, a connection over its address's cap): logged at Debug, as a
/// 4xx answer of the API is not an error. Anything else thrown by a hub method or a connection event is the server's
/// and is logged at Error with the hub and method. SignalR's own logging of those failures (every refusal at Error
/// with its stack, which let one client write hundreds of error entries a second) is turned down to Critical by
/// <see cref="AddHubErrorLog"/>, so this filter is where hub failures are logged.
/// </summary>
public sealed class HubErrorLog(ILogger<HubErrorLog> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception error) when (Log(error, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName))
        {
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception error) when (Log(error, context.Hub.GetType().Name, "OnConnectedAsync"))
        {
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        catch (Exception error) when (Log(error, context.Hub.GetType().Name, "OnDisconnectedAsync"))
        {
            throw;
        }
    }

    // Always false: the exception goes on to SignalR, which tells the caller (a HubException's message) or closes.
    private bool Log(Exception error, string hub, string method)
    {
        if (error is HubException or OperationCanceledException)
            logger.LogDebug("{Hub}.{Method} refused: {Reason}", hub, method, error.Message);
        else
            logger.LogError(error, "{Hub}.{Method} failed", hub, method);
        return false;
    }
}

public static class HubErrorLogExtensions
{
    /// <summary>Registers <see cref="HubErrorLog"/> on every hub and quiets SignalR's own per-failure error entries.</summary>
    public static WebApplicationBuilder AddHubErrorLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(options => options.AddFilter<HubErrorLog>());
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.HubConnectionHandler", LogLevel.Critical);
        return builder;
    }
}
