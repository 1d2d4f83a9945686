using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// The private user stream: an operator's own order changes (with fills and fees), wallet balances and notifications,
/// numbered with one per-operator sequence. Joined with an API key (any scope; its IP allow-list applies) or the
/// signed-in browser's cookie; anonymous connections are refused, and revoking the key closes its connections. Nothing is sent until the client calls
/// <see cref="Subscribe"/> with its last sequence (null the first time): it gets the events after it, or a
/// <c>Snapshot</c> when they are no longer kept, and then every new event.
/// </summary>
[Authorize(Policy = Policy)]
public sealed class UserHub(UserStream stream, OperatorDirectory operators) : Hub
{
    public const string Path = "/hubs/user";

    /// <summary>The authorization policy: an API key or the Identity cookie.</summary>
    public const string Policy = "UserStream";

    private const string OperatorItem = "operator";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        long? operatorId = user.FindFirst(ApiKeyAuthenticationHandler.OperatorClaim)?.Value is { } claim
            ? long.Parse(claim, CultureInfo.InvariantCulture)
            : await operators.FindOperatorIdAsync(user, Context.ConnectionAborted);
        var networks = user.FindFirst(ApiKeyAuthenticationHandler.NetworksClaim)?.Value ?? "";
        var address = Context.GetHttpContext()?.Connection.RemoteIpAddress;
        if (operatorId is null || !ApiKeyNetworks.Allows(networks, address))
        {
            Context.Abort();
            return;
        }
        Context.Items[OperatorItem] = operatorId.Value;
        if (user.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value is { } key)
            stream.Opened(Context.ConnectionId, long.Parse(key, CultureInfo.InvariantCulture));
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Follows the caller's events after <paramref name="after"/> (the last sequence it received), or from a fresh
    /// <c>Snapshot</c> when null or when the events after it are no longer kept. Call it after connecting and after
    /// every reconnect.
    /// </summary>
    public void Subscribe(long? after)
    {
        if (Context.Items.TryGetValue(OperatorItem, out var id) && id is long operatorId)
            stream.Subscribe(Context.ConnectionId, operatorId, after);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(OperatorItem, out var id) && id is long operatorId)
            stream.Remove(Context.ConnectionId, operatorId);
        return base.OnDisconnectedAsync(exception);
    }
}
