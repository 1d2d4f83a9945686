using System.Globalization;
using System.Security.Claims;

namespace XpFlywheel.Web.Api;

internal static class ApiOperator
{
    /// <summary>The operator id the API key authenticated (only called on endpoints that require a key).</summary>
    public static long Id(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.OperatorClaim)!, CultureInfo.InvariantCulture);

    public static (int Page, int Size) Paging(int? page, int? size, int maxSize = 200) =>
        (Math.Max(1, page ?? 1), Math.Clamp(size ?? 50, 1, maxSize));
}
