using Microsoft.AspNetCore.Authorization;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>The API key policy's last word: the key's scope must allow the method and its allow-list the caller's address.</summary>
public sealed class ApiKeyAccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Refuses a read-only key anything but GET, HEAD and OPTIONS (code <c>read_only_key</c>), and a key with an IP
/// allow-list any request from elsewhere (code <c>ip_not_allowed</c>). The refusal travels as an
/// <see cref="ApiKeyDenial"/> so <see cref="ApiAuthorizationResultHandler"/> can answer 403 with its code.
/// </summary>
public sealed class ApiKeyAccessHandler : AuthorizationHandler<ApiKeyAccessRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyAccessRequirement requirement, HttpContext resource)
    {
        var user = context.User;
        var method = resource.Request.Method;
        var readOnly = user.FindFirst(ApiKeyAuthenticationHandler.ScopeClaim)?.Value == nameof(ApiKeyScope.ReadOnly);
        if (readOnly && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
            context.Fail(new ApiKeyDenial(this, "read_only_key", $"This key is read-only, so it may not {method}. Use a trade key to change anything."));
        else if (!ApiKeyNetworks.Allows(user.FindFirst(ApiKeyAuthenticationHandler.NetworksClaim)?.Value ?? "", resource.Connection.RemoteIpAddress))
            context.Fail(new ApiKeyDenial(this, "ip_not_allowed",
                $"This key may not be used from {resource.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}; its IP allow-list does not include it."));
        else
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Why an API key was refused an action, with the problem-details code to answer with.</summary>
public sealed class ApiKeyDenial(IAuthorizationHandler handler, string code, string message) : AuthorizationFailureReason(handler, message)
{
    /// <summary>The problem-details code of the refusal: <c>read_only_key</c> or <c>ip_not_allowed</c>.</summary>
    public string Code { get; } = code;
}
