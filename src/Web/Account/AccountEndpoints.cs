using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

public static class AccountEndpoints
{
    /// <summary>The cookie the sign-out answer leaves for one minute: the page it lands on tells the browser's other tabs (wwwroot/js/session.js).</summary>
    public const string SignedOutCookie = "xpf-signed-out";

    /// <summary>
    /// Sign-out is a POST with an antiforgery token so a link on another site cannot sign a user out. It signs out the
    /// browser: the other open tabs reload on the <see cref="SignedOutCookie"/> signal instead of staying signed in.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Account/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            HttpContext http,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            http.Response.Cookies.Append(SignedOutCookie, "1", new CookieOptions
            {
                Path = "/", MaxAge = TimeSpan.FromMinutes(1), SameSite = SameSiteMode.Lax, HttpOnly = false, Secure = http.Request.IsHttps,
            });
            var target = ReturnUrls.OrFallback(returnUrl, "");
            return TypedResults.LocalRedirect(target.StartsWith('/') ? target : "~/" + target);
        }).ExcludeFromDescription();
        return app;
    }
}
