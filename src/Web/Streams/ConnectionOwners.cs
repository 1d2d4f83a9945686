using System.Security.Claims;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// Binds every SignalR connection (the user stream, the market hub and the Blazor circuit) to whoever opened it. The
/// connection token travels in the <c>id</c> query of each long-polling poll and each send, and SignalR itself only
/// logs a warning when a request for a connection comes from another user, then serves it as the new one. A token
/// seen in a proxy's or server's access log would then let another operator read an operator's private stream. So
/// the negotiation that hands out a token records its owner (the API key, else the signed-in user, else "anonymous"),
/// and any request naming it with another owner is 403 <c>connection_not_yours</c> and reaches nothing: not even the
/// first one, so a token that reaches someone else before its owner's first poll or send cannot be claimed by them.
/// A token whose owner is no longer recorded (forgotten after <see cref="Idle"/>) is bound to the first request
/// naming it again.
/// </summary>
/// <remarks>
/// An owner is kept while any request naming its connection is open (a server-sent-events stream or a WebSocket is one
/// request for the connection's whole life, however quiet) and forgotten <see cref="Idle"/> after the last one ended
/// (longer than a long poll's 90 s wait). Runs after authorization, so the user stream's principal is the one its hub policy authenticated
/// (an API key or the session cookie).
/// </remarks>
public static class ConnectionOwners
{
    /// <summary>The problem code of a request for a connection another user or key opened.</summary>
    public const string NotYours = "connection_not_yours";

    /// <summary>How long an owner is kept after the last request naming its connection.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(15);

    public static WebApplication UseConnectionOwners(this WebApplication app)
    {
        var owners = new ConnectionOwnerTable(app.Services.GetRequiredService<TimeProvider>(), Idle);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if ((request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor"))
                && HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal))
            {
                await NegotiateAsync(context, next, owners);
                return;
            }
            if ((request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor"))
                && request.Query["id"] is [{ Length: > 0 } token])
            {
                if (!owners.TryEnter(token, OwnerOfRequest(context)))
                {
                    await ApiProblems.Write(context, StatusCodes.Status403Forbidden, NotYours,
                        "This connection was opened by another user or API key: open one of your own (negotiate) instead.");
                    return;
                }
                try
                {
                    await next(context);
                }
                finally
                {
                    // 404: SignalR has no connection with this token (never had, or it has ended).
                    owners.Leave(token, gone: context.Response.StatusCode == StatusCodes.Status404NotFound);
                }
                return;
            }
            await next(context);
        });
        return app;
    }

    // The negotiation's answer names the token (connectionToken; connectionId in version 0, where the two are one):
    // its owner is recorded before the answer leaves, so the token is bound before anyone can present it.
    private static async Task NegotiateAsync(HttpContext context, RequestDelegate next, ConnectionOwnerTable owners)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        if (context.Response.StatusCode == StatusCodes.Status200OK && TokenOf(buffer.ToArray()) is { Length: > 0 } token)
            owners.Bind(token, OwnerOfRequest(context));
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private static string? TokenOf(byte[] answer)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
                return null;
            return root.TryGetProperty("connectionToken", out var token) && token.ValueKind == System.Text.Json.JsonValueKind.String ? token.GetString()
                : root.TryGetProperty("connectionId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Who a request comes from, as a connection is bound to it: the key or the user, and for a caller with neither
    /// (the market hub, a visitor's circuit) its address as the rate limits count it, so a token seen in a log does not
    /// let anyone else without credentials send on another's connection (narrowing a follower's channels so its book
    /// silently stops).
    /// </summary>
    internal static string OwnerOfRequest(HttpContext context) =>
        OwnerOf(context.User) is var owner && owner == "anonymous"
            ? $"anonymous@{RateLimits.ClientAddress.Key(context.Connection.RemoteIpAddress)}"
            : owner;

    /// <summary>Who a request comes from: <c>key:{id}</c> for an API key, <c>user:{id}</c> for a signed-in user, else <c>anonymous</c>.</summary>
    internal static string OwnerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) is { } key ? $"key:{key}"
        : user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"user:{id}"
        : "anonymous";
}
