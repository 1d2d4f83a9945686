namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// Lets a page that finds nothing at its address answer its first HTML with 404, as an unknown API id does, so
/// crawlers, monitors and scripts are not told "200 OK" for a page that says "no such agent". The server then renders
/// the app's not-found page for that request (status-code re-execution: Blazor sends no body of its own with a 404);
/// once the circuit is interactive the page shows its own message and there is no response to set.
/// </summary>
public static class NotFoundStatus
{
    /// <summary>Sets 404 on <paramref name="context"/> when it is the page's own request and nothing was sent yet.</summary>
    public static void Set(HttpContext? context)
    {
        if (context is { Response.HasStarted: false } http)
            http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
