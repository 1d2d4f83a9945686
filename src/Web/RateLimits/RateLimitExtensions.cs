using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// Request budgets for the API (per key, weighted) and for the sign-in and registration forms (per IP), shared by every
/// node through Redis when one is configured.
/// </summary>
public static class RateLimitExtensions
{
    // The forms that check a password or send mail: each post costs a hash or a message to someone.
    private static readonly string[] AccountForms = ["/Account/Login", "/Account/Register", "/Account/ResendEmailConfirmation"];

    /// <summary>Binds <see cref="RateLimitOptions"/> and registers the API limiter and the account form limiter.</summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        // A malformed Redis setting stops the start here, with the reason, rather than failing requests later.
        Cluster.RedisConnection.Options(builder.Configuration);
        builder.Services.AddSingleton<Cluster.RedisConnection>();
        builder.Services.AddHostedService<Cluster.RedisStart>();
        builder.Services.AddSingleton<ApiRateLimiter>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || !AccountForms.Any(form => context.Request.Path.Equals(form, StringComparison.OrdinalIgnoreCase)))
                    return RateLimitPartition.GetNoLimiter("none");
                var perMinute = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.AccountPostsPerMinute;
                var redis = context.RequestServices.GetRequiredService<Cluster.RedisConnection>();
                var address = "ip:" + ClientAddress.Key(context.Connection.RemoteIpAddress);
                var window = new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
                if (!redis.Configured)
                    return RateLimitPartition.GetFixedWindowLimiter(address, _ => window);
                // With Redis, one count per address for every node (keys "rl:{prefix:forms:ip:…}").
                return RateLimitPartition.Get(address, key => new SharedOrLocalLimiter(
                    new RedisRateLimiting.RedisFixedWindowRateLimiter<string>($"{redis.Prefix}:forms:{key}", new RedisRateLimiting.RedisFixedWindowRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = () => redis.Multiplexer,
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                    }),
                    new FixedWindowRateLimiter(window), redis));
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
                    : rejected.Lease.TryGetMetadata(RedisRateLimiting.RateLimitMetadataName.RetryAfter, out var redisSeconds) ? TimeSpan.FromSeconds(redisSeconds)
                    : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"Too many sign-in or registration attempts from your address. Try again in {seconds} seconds.", cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>Limits the account forms, then spends <c>/api/v1</c> request weight; runs after routing so endpoint names are known.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api/v1"), api => api.Use(async (context, next) =>
        {
            if (await context.RequestServices.GetRequiredService<ApiRateLimiter>().TryAdmitAsync(context))
                await next(context);
        }));
        return app;
    }
}
