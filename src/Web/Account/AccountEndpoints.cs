using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token so a link on another site cannot sign a user out.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Account/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            var target = string.IsNullOrEmpty(returnUrl) || !Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) || returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? "/"
                : "/" + returnUrl.TrimStart('/');
            return TypedResults.LocalRedirect(target);
        }).ExcludeFromDescription();
        return app;
    }
}
