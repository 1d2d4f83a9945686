using Microsoft.AspNetCore.Http.Features;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// What HTTP itself asks of every address, answered by the app rather than left to the server's bare defaults:
/// <list type="bullet">
/// <item>A request target longer than <see cref="MaxTargetLength"/> characters is 414 and a header section larger than
/// <see cref="MaxHeaderBytes"/> or with more than <see cref="MaxHeaderCount"/> fields is 431, each with a body saying so (problem details under <c>/api</c>, codes
/// <c>uri_too_long</c> and <c>headers_too_large</c>). Kestrel answers its own limits with an empty body and no way to
/// change it, so its limits sit at <see cref="ServerLimitBytes"/>, above these, and only a request past even those
/// gets its bare answer.</item>
/// <item><c>HEAD</c> is answered wherever <c>GET</c> is (RFC 9110 §9.3.2): the same status and headers, no body. Minimal
/// API and page endpoints are mapped for GET alone, so a monitor's <c>curl -I</c> got 405. A HEAD request is read as
/// GET before routing (a startup filter puts it ahead of the framework's own routing) and its body is dropped.</item>
/// <item>A form posted to a page or form endpoint that validates antiforgery (the API takes no forms) and that the
/// framework cannot read is 400 with a plain-text body saying why: a field holding a NUL character (<c>%00</c>, which
/// the framework's form reader refuses), or more fields or a longer field than it reads. Each page's form was otherwise refused by the antiforgery check that reads it first, as "a
/// valid antiforgery token was not provided", which sent the user looking for the wrong fault.</item>
/// </list>
/// </summary>
public static class RequestEdges
{
    /// <summary>The longest request target (path and query, as sent) the app reads: 8,192 characters.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The largest header section the app reads: 32 KiB (names, values and their separators).</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most header fields the app reads: 100 (Kestrel's own default), counting a repeated name once per line.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own request-line and header-section limits, above the app's so the app answers first.</summary>
    public const int ServerLimitBytes = 64 * 1024;

    /// <summary>Kestrel's own header-count limit, above <see cref="MaxHeaderCount"/> for the same reason.</summary>
    public const int ServerLimitHeaderCount = 1_000;

    /// <summary>Raises Kestrel's request-line and header limits to <see cref="ServerLimitBytes"/>.</summary>
    public static WebApplicationBuilder AddRequestEdges(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = ServerLimitBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = ServerLimitBytes;
            kestrel.Limits.MaxRequestHeaderCount = ServerLimitHeaderCount;
        });
        builder.Services.AddTransient<IStartupFilter, HeadAsGet>();
        return builder;
    }

    /// <summary>Refuses oversized targets and header sections.</summary>
    public static WebApplication UseRequestEdges(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
                ? raw
                : context.Request.PathBase.Value + context.Request.Path.Value + context.Request.QueryString.Value;
            if (target.Length > MaxTargetLength)
            {
                await RefuseAsync(context, StatusCodes.Status414UriTooLong, "uri_too_long",
                    $"The address is {target.Length:N0} characters long; at most {MaxTargetLength:N0} are read. Send long input in a request body.");
                return;
            }
            if (HeaderBytes(context.Request.Headers) > MaxHeaderBytes)
            {
                await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers_too_large",
                    $"The request's headers exceed {MaxHeaderBytes / 1024} KiB.");
                return;
            }
            if (HeaderCount(context.Request.Headers) is var count and > MaxHeaderCount)
            {
                await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers_too_large",
                    $"The request has {count:N0} header fields; at most {MaxHeaderCount:N0} are read.");
                return;
            }
            if (await UnreadableFormAsync(context) is { } reason)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "unreadable_form",
                    $"The form could not be read: {reason}. Nothing was changed; go back and send it again without it.");
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Runs ahead of routing: a HEAD request is routed and answered as GET, and whatever it writes is dropped.</summary>
    private sealed class HeadAsGet : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await inner(context);
                    return;
                }
                context.Request.Method = HttpMethods.Get;
                var body = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
                try
                {
                    await inner(context);
                }
                finally
                {
                    context.Features.Set(body);
                    context.Request.Method = HttpMethods.Head;
                }
            });
            next(app);
        };
    }

    // Why a form posted to a page cannot be read, or null. Only a form the antiforgery check would read anyway is read here
    // (routing has already chosen the endpoint, and the framework keeps the form for the rest of the request), so no
    // other request has its body read earlier or at all.
    private static async Task<string?> UnreadableFormAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || !context.Request.HasFormContentType
            || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>() is not { RequiresValidation: true })
            return null;
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
            return null;
        }
        catch (InvalidDataException error)
        {
            // The framework words a NUL in a form as a path fault ("The path contains null characters").
            return error.Message.Contains("null character", StringComparison.OrdinalIgnoreCase) || error.InnerException?.Message.Contains("null character", StringComparison.OrdinalIgnoreCase) == true
                ? "a field holds a NUL character (%00), which no field takes"
                : error.Message.TrimEnd('.');
        }
    }

    private static int HeaderCount(IHeaderDictionary headers)
    {
        var count = 0;
        foreach (var (_, values) in headers)
            count += Math.Max(1, values.Count);
        return count;
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
            foreach (var value in values)
                total += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
        return total;
    }

    private static Task RefuseAsync(HttpContext context, int status, string code, string detail)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            return ApiProblems.Write(context, status, code, detail);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(detail);
    }
}
