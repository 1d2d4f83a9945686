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
            var target = ReturnUrls.OrFallback(returnUrl, "");
            return TypedResults.LocalRedirect(target.StartsWith('/') ? target : "~/" + target);
        }).ExcludeFromDescription();
        return app;
    }
}
