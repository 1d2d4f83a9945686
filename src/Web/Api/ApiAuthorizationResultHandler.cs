using Microsoft.AspNetCore.Authentication;
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
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // A refused /api/v1 request spends its weight too (from the address's budget when no key authenticated): the
        // refusal comes before the rate limiter's middleware, and unknown keys would otherwise be free to try, each
        // costing a hash and a look-up.
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.Request.Path.StartsWithSegments("/api/v1")
            && !await context.RequestServices.GetRequiredService<RateLimits.ApiRateLimiter>().TryAdmitAsync(context))
            return;
        await Refuse(next, context, policy, authorizeResult);
    }

    private Task Refuse(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ApiKeyDenial>().FirstOrDefault() is { } denial)
        {
            // A key that did not authenticate, sent beside a session cookie: the same 401 (and reason) as the key alone.
            return denial.Code == ApiKeyAddressHandler.KeyNotAccepted
                ? context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName)
                : ApiProblems.Write(context, StatusCodes.Status403Forbidden, denial.Code, denial.Message);
        }
        // The user stream takes a key or the cookie: a refused key says why, as on /api; no key and no cookie is a 401,
        // not the sign-in page's redirect, since its clients are programs and scripts.
        if (authorizeResult.Challenged && context.Request.Path.StartsWithSegments(Streams.UserHub.Path))
        {
            return context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                ? context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName)
                : WriteUnauthorized(context, "sign_in_required",
                    $"Send an API key in the {ApiKeyAuthenticationHandler.Header} header, or sign in, to follow your stream.");
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static Task WriteUnauthorized(HttpContext context, string code, string detail)
    {
        context.Response.Headers.WWWAuthenticate = ApiKeyAuthenticationHandler.Challenge;
        return ApiProblems.Write(context, StatusCodes.Status401Unauthorized, code, detail);
    }
}
