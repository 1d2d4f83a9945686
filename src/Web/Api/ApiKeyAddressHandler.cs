using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The user stream's policy: a request that sends an API key is judged by that key alone (one that does not
/// authenticate is refused even beside a session cookie), and a key's IP allow-list must include the caller's address
/// (any scope may follow).
/// </summary>
public sealed class ApiKeyAddressRequirement : IAuthorizationRequirement;

/// <summary>
/// Refuses a key with an IP allow-list from elsewhere (code <c>ip_not_allowed</c>) as it connects, so the stream's
/// negotiate answers 403 with the code <c>/api/v1</c> gives, not a connection that opens and closes without a word.
/// A cookie carries no allow-list and passes. The resource is the request, or a hub call's connection.
/// </summary>
public sealed class ApiKeyAddressHandler : AuthorizationHandler<ApiKeyAddressRequirement>
{
    /// <summary>The denial of a request whose API key did not authenticate (answered as the key's own 401).</summary>
    public const string KeyNotAccepted = "api_key_not_accepted";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyAddressRequirement requirement)
    {
        var http = context.Resource switch
        {
            HttpContext request => request,
            HubInvocationContext call => call.Context.GetHttpContext(),
            _ => null,
        };
        // The policy takes a key or the cookie, and would let the cookie in beside a key that failed: the README's
        // rule is that an unknown key is refused, so the caller never gets the cookie's stream while naming a key.
        if (http is not null && http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
            && context.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim) is null)
        {
            context.Fail(new ApiKeyDenial(this, KeyNotAccepted, "The API key sent with this request was not accepted."));
            return Task.CompletedTask;
        }
        var networks = context.User.FindFirst(ApiKeyAuthenticationHandler.NetworksClaim)?.Value ?? "";
        var address = http?.Connection.RemoteIpAddress;
        if (networks.Length == 0 || ApiKeyNetworks.Allows(networks, address))
            context.Succeed(requirement);
        else
            context.Fail(new ApiKeyDenial(this, "ip_not_allowed",
                $"This key may not be used from {address?.ToString() ?? "an unknown address"}; its IP allow-list does not include it."));
        return Task.CompletedTask;
    }
}
