using Microsoft.AspNetCore.Mvc;
using XpFlywheel.Web.Account;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>
/// The display switches of pages without a circuit (the account pages): a plain form post that sets the cookie and
/// sends the browser back to the page it came from, which the server then renders in the new theme or times.
/// </summary>
public static class DisplayEndpoints
{
    private static readonly CookieOptions Keep = new()
    {
        Path = "/",
        MaxAge = TimeSpan.FromDays(365),
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
    };

    public static IEndpointRouteBuilder MapDisplay(this IEndpointRouteBuilder app)
    {
        // Form binding makes the endpoint check the antiforgery token the layout's form carries.
        app.MapPost("/display", ([FromForm] string? theme, [FromForm] string? times, [FromForm] string? returnUrl, HttpContext context) =>
        {
            if (theme is "dark" or "light")
                context.Response.Cookies.Append(DisplaySettings.ThemeCookie, theme, Keep);
            if (times is "utc" or "local")
                context.Response.Cookies.Append(DisplaySettings.TimesCookie, times, Keep);
            return TypedResults.LocalRedirect("~/" + ReturnUrls.OrFallback(returnUrl, "").TrimStart('/'));
        }).ExcludeFromDescription();
        return app;
    }
}
