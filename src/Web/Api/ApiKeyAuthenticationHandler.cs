using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Authenticates programs by the <c>X-Api-Key</c> header. A missing, unknown or revoked key is answered with a
/// 401 problem-details body instead of a redirect to the sign-in page.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string OperatorClaim = "xpf:operator";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            return AuthenticateResult.NoResult();
        var operatorId = await keys.AuthenticateAsync(values[0]!, Context.RequestAborted);
        if (operatorId is null)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        var identity = new ClaimsIdentity([new Claim(OperatorClaim, operatorId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var present = Request.Headers.ContainsKey(Header);
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, present ? "invalid_api_key" : "missing_api_key",
            present ? "The API key is unknown or revoked." : $"Send an API key in the {Header} header. Create one on the API keys page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "forbidden", "This key may not do that.");
}
