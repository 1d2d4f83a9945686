using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Answers a request that an API key may not make with 403 problem details carrying the refusal's code
/// (<c>read_only_key</c>, <c>ip_not_allowed</c>); everything else is handled as the framework does.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ApiKeyDenial>().FirstOrDefault() is { } denial)
            return ApiProblems.Write(context, StatusCodes.Status403Forbidden, denial.Code, denial.Message);
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
