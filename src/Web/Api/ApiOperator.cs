using System.Globalization;
using System.Security.Claims;

namespace XpFlywheel.Web.Api;

internal static class ApiOperator
{
    /// <summary>The operator id the API key authenticated (only called on endpoints that require a key).</summary>
    public static long Id(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.OperatorClaim)!, CultureInfo.InvariantCulture);
}
