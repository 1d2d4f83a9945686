using System.Security.Cryptography;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// The response headers every answer carries, set in one place: a Content-Security-Policy, nosniff, a referrer
/// policy and a frame ban; HSTS and HTTPS redirection in Production; and no <c>Server</c> header.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which each request's script nonce is kept.</summary>
    public const string NonceKey = "csp-nonce";

    /// <summary>The path of the API reference, which gets <see cref="ReferencePolicy"/>.</summary>
    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// The policy for pages, the API and the OpenAPI document. Scripts come from this origin or carry the request's
    /// nonce (Blazor's inline import map); the circuit connects back to this origin (<c>'self'</c> covers ws and wss
    /// on the same host). MudBlazor writes inline <c>style</c> attributes, so styles allow inline.
    /// </summary>
    public static string PagePolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The looser policy for the API reference only: Scalar starts from an inline script it writes itself and
    /// styles with inline blocks, and runs its workers from blob URLs. It still loads nothing from other origins.
    /// </summary>
    public const string ReferencePolicy =
        "default-src 'self'; " +
        "script-src 'self' 'unsafe-inline'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Kestrel stops naming itself, and Production gets HSTS (one year, with subdomains).</summary>
    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        return builder;
    }

    /// <summary>
    /// Runs first so that every response, errors and static files included, carries the headers. HSTS and the
    /// redirect to HTTPS are for Production only: Development and the tests speak plain HTTP.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((context, next) =>
        {
            // Hex, not base64: "+" and "/" would be HTML-encoded in the attribute (browsers decode it, but hex needs no care anywhere).
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ReferencePath)
                ? ReferencePolicy
                : PagePolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return next(context);
        });
        return app;
    }

    /// <summary>This request's script nonce, for inline scripts the page must render.</summary>
    public static string? Nonce(this HttpContext context) => context.Items[NonceKey] as string;
}
