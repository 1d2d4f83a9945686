using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Authenticates programs by the <c>X-Api-Key</c> header. A missing, unknown, revoked or expired key, or one whose
/// account is locked out or gone, is answered with a 401 problem-details body (its <c>code</c> says which) instead
/// of a redirect to the sign-in page. What an accepted key may do is decided by <see cref="ApiKeyAccessHandler"/>.
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
    /// <summary>The id of the key that authenticated the request.</summary>
    public const string KeyClaim = "xpf:key";

    /// <summary>The key's <see cref="Data.Entities.ApiKeyScope"/> by name.</summary>
    public const string ScopeClaim = "xpf:scope";

    /// <summary>The key's stored IP allow-list (canonical CIDR ranges separated by commas; empty for anywhere).</summary>
    public const string NetworksClaim = "xpf:networks";

    /// <summary>When the key stops working, as a round-trip UTC time; absent for a key that never expires.</summary>
    public const string ExpiresClaim = "xpf:expires";

    private const string CodeItem = "code";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0 || values.All(string.IsNullOrWhiteSpace))
            return AuthenticateResult.NoResult();
        // Two keys (two headers, or one header a proxy joined with a comma) are refused as such, not as an unknown key.
        if (values.Count > 1 || values[0]!.Contains(','))
            return AuthenticateResult.Fail(ApiKeyCheck.TwoKeys.Refusal!, new AuthenticationProperties(new Dictionary<string, string?> { [CodeItem] = ApiKeyCheck.TwoKeys.Code }));
        var check = await keys.CheckAsync(values[0]!, Context.Connection.RemoteIpAddress, Context.RequestAborted);
        if (!check.IsAccepted)
            return AuthenticateResult.Fail(check.Refusal!, new AuthenticationProperties(new Dictionary<string, string?> { [CodeItem] = check.Code }));
        var identity = new ClaimsIdentity(
        [
            new Claim(OperatorClaim, check.OperatorId!.Value.ToString(CultureInfo.InvariantCulture)),
            new Claim(KeyClaim, check.KeyId!.Value.ToString(CultureInfo.InvariantCulture)),
            new Claim(ScopeClaim, check.Scope.ToString()),
            new Claim(NetworksClaim, check.AllowedNetworks),
        ], SchemeName);
        if (check.ExpiresAt is { } expires)
            identity.AddClaim(new Claim(ExpiresClaim, expires.ToString("O", CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> value every 401 of the API carries (RFC 9110 §11.6.1 requires one): the scheme and
    /// the header the key goes in.
    /// </summary>
    public const string Challenge = "ApiKey header=\"X-Api-Key\"";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Challenge;
        if (!Request.Headers.ContainsKey(Header))
        {
            await ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "missing_api_key",
                $"Send an API key in the {Header} header. Create one on the API keys page.");
            return;
        }
        var result = await HandleAuthenticateOnceSafeAsync();
        var code = result.Properties?.Items.TryGetValue(CodeItem, out var refused) == true && refused is not null ? refused : ApiKeyCheck.Unknown.Code!;
        await ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, code, result.Failure?.Message ?? ApiKeyCheck.Unknown.Refusal!);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "forbidden", "This key may not do that.");
}
