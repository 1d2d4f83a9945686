using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Api;

/// <summary>The user stream's policy: an API key's IP allow-list must include the caller's address (any scope may follow).</summary>
public sealed class ApiKeyAddressRequirement : IAuthorizationRequirement;

/// <summary>
/// Refuses a key with an IP allow-list from elsewhere (code <c>ip_not_allowed</c>) as it connects, so the stream's
/// negotiate answers 403 with the code <c>/api/v1</c> gives, not a connection that opens and closes without a word.
/// A cookie carries no allow-list and passes. The resource is the request, or a hub call's connection.
/// </summary>
public sealed class ApiKeyAddressHandler : AuthorizationHandler<ApiKeyAddressRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyAddressRequirement requirement)
    {
        var http = context.Resource switch
        {
            HttpContext request => request,
            HubInvocationContext call => call.Context.GetHttpContext(),
            _ => null,
        };
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
