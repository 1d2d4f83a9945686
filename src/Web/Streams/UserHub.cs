using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// The private user stream: an operator's own order changes (with fills and fees), wallet balances and notifications,
/// numbered with one per-operator sequence. Joined with an API key (any scope; its IP allow-list applies) or the
/// signed-in browser's cookie; anonymous connections are refused. A connection closes when its key is revoked or
/// expires, or when an admin locks the account out or it is deleted; a cookie of such an account is refused too
/// (its key already is). Nothing is sent until the client calls
/// <see cref="Subscribe"/> with its last sequence (null the first time): it gets the events after it, or a
/// <c>Snapshot</c> when they are no longer kept, and then every new event.
/// </summary>
[Authorize(Policy = Policy)]
public sealed class UserHub(UserStream stream, UserStreamAccess access, OperatorDirectory operators, Account.AccountStanding standing) : Hub
{
    public const string Path = "/hubs/user";

    /// <summary>The authorization policy: an API key or the Identity cookie.</summary>
    public const string Policy = "UserStream";

    private const string OperatorItem = "operator";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var key = user.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value;
        long? operatorId = user.FindFirst(ApiKeyAuthenticationHandler.OperatorClaim)?.Value is { } claim
            ? long.Parse(claim, CultureInfo.InvariantCulture)
            : await operators.FindOperatorIdAsync(user, Context.ConnectionAborted);
        if (operatorId is null)
        {
            Context.Abort();
            return;
        }
        // Watched before the account's standing is read, so a lockout stored meanwhile still closes it.
        DateTimeOffset? expires = user.FindFirst(ApiKeyAuthenticationHandler.ExpiresClaim)?.Value is { } at
            ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
        access.Opened(Context.ConnectionId, operatorId.Value, key is null ? null : long.Parse(key, CultureInfo.InvariantCulture), expires);
        var networks = user.FindFirst(ApiKeyAuthenticationHandler.NetworksClaim)?.Value ?? "";
        var address = Context.GetHttpContext()?.Connection.RemoteIpAddress;
        if (!ApiKeyNetworks.Allows(networks, address))
        {
            Context.Abort();
            return;
        }
        // A key was checked, with its account's standing, by the request that opened the connection, but a revocation
        // or lockout stored before it was watched is read back now (and closes it saying why); a cookie outlives a
        // lockout or deletion, so its account is asked now.
        if (key is not null)
        {
            if (!await access.ConfirmAsync(Context.ConnectionId, Context.ConnectionAborted))
                return; // Closed, saying why; without the operator item, Subscribe does nothing meanwhile.
        }
        else if (user.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { } userId || !await standing.IsActiveAsync(userId, Context.ConnectionAborted))
        {
            Context.Abort();
            return;
        }
        Context.Items[OperatorItem] = operatorId.Value;
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Follows the caller's events after <paramref name="after"/> (the last sequence it received), or from a fresh
    /// <c>Snapshot</c> when null or when the events after it are no longer kept. Call it after connecting and after
    /// every reconnect. Anything but null or a whole number from 0 (text, a fraction, a negative number) is refused with
    /// a <see cref="HubException"/> starting <c>validation_failed:</c>, and the connection stays open. The reply comes
    /// after the snapshot or the replayed events, so a client that awaited the call already holds them.
    /// </summary>
    public async Task Subscribe(JsonElement? after)
    {
        long? last = null;
        if (after is { ValueKind: not JsonValueKind.Null } value)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var sequence) || sequence < 0)
                throw new HubException("validation_failed: after must be the last sequence you received (a whole number from 0), or null for a snapshot.");
            last = sequence;
        }
        if (Context.Items.TryGetValue(OperatorItem, out var id) && id is long operatorId)
        {
            // The reply follows the snapshot or the replayed events: a client that awaited Subscribe already has them.
            await stream.Subscribe(Context.ConnectionId, operatorId, last).WaitAsync(Context.ConnectionAborted)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        access.Closed(Context.ConnectionId);
        if (Context.Items.TryGetValue(OperatorItem, out var id) && id is long operatorId)
            stream.Remove(Context.ConnectionId, operatorId);
        return base.OnDisconnectedAsync(exception);
    }
}
