using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Account;

/// <summary>Redirects from the statically rendered account pages, refusing open redirects to other sites.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Navigates to a page of this app; anything that could lead elsewhere goes to the home page instead.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(ReturnUrls.OrFallback(uri, ""));

    /// <summary>Navigates to a page of this app with <paramref name="query"/> added to its query string.</summary>
    public void RedirectTo(string uri, Dictionary<string, object?> query) =>
        RedirectTo(navigationManager.ToBaseRelativePath(navigationManager.GetUriWithQueryParameters(navigationManager.ToAbsoluteUri(uri).ToString(), query)));

    /// <summary>
    /// Navigates to a return URL from the query string when it is a page of this app, else to
    /// <paramref name="fallback"/>: a link from another site must not turn sign-in into a jump to that site.
    /// </summary>
    public void RedirectToReturnUrl(string? returnUrl, string fallback) => RedirectTo(ReturnUrls.OrFallback(returnUrl, fallback));

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    // Relative to the app's base and without the query, so it passes the local-URL rule like any other target.
    private string CurrentPath => navigationManager.ToBaseRelativePath(navigationManager.Uri).Split('?', '#')[0];

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context) =>
        RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(HttpContext context) =>
        RedirectToWithStatus("Account/InvalidUser", "Error: your account could not be loaded. Please sign in again.", context);
}
