using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Keeps a hub method's reply behind everything queued for the caller before it. SignalR writes a method's completion
/// straight to the connection while pushes wait in the connection's outbox (<see cref="OutboxHubLifetimeManager{THub}"/>),
/// so without this a reply (say <c>GetSnapshot</c>'s book, or <c>Subscribe</c>'s answer) could arrive before older
/// pushes still queued. After the method has run, successful or not, a marker is queued on the caller's outbox and the
/// reply waits until the pump reaches it: every message queued before the call, or by the call, arrives first. The
/// wait ends when the connection is dropped or closes.
/// </summary>
public sealed class OutboxReplyFilter<THub>(HubLifetimeManager<THub> connections) : IHubFilter where THub : Hub
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            if (connections is OutboxHubLifetimeManager<THub> outboxes)
            {
                var caller = invocationContext.Context;
                await outboxes.ReachedAsync(caller.ConnectionId).WaitAsync(caller.ConnectionAborted)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
