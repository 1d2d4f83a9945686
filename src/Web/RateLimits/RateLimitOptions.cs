namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// Request budgets, bound from the <c>RateLimits</c> configuration section. Budgets are token buckets that refill
/// evenly over their window, so a bot that spreads its requests never meets a hard minute boundary.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Request weight an API key (or, without a key, a client IP) may spend per minute.</summary>
    /// <remarks>Defaults to 1,200, as Binance's REQUEST_WEIGHT per minute.</remarks>
    public int ApiWeightPerMinute { get; set; } = 1_200;

    /// <summary>Orders an API key may place per 10 seconds, on top of their weight.</summary>
    /// <remarks>Defaults to 50.</remarks>
    public int OrdersPer10Seconds { get; set; } = 50;

    /// <summary>Sign-in and registration form posts a client IP may make per minute.</summary>
    /// <remarks>Defaults to 10.</remarks>
    public int AccountPostsPerMinute { get; set; } = 10;

    /// <summary>
    /// Failed sign-ins a client IP may make within <see cref="SignInFailureWindowMinutes"/>; after that its sign-ins
    /// are refused, without checking any password, until the oldest failure leaves the window. Failures slow the
    /// address that makes them: an account is never locked by someone else's wrong passwords.
    /// </summary>
    /// <remarks>Defaults to 10 failures per 15 minutes.</remarks>
    public int SignInFailuresPerIp { get; set; } = 10;

    /// <summary>The window of <see cref="SignInFailuresPerIp"/>, in minutes.</summary>
    public int SignInFailureWindowMinutes { get; set; } = 15;

    /// <summary>Open market hub connections per client IP; one more is closed as it connects.</summary>
    /// <remarks>Defaults to 20.</remarks>
    public int HubConnectionsPerIp { get; set; } = 20;

    /// <summary>Market hub method calls per second per connection, with bursts up to twice that.</summary>
    /// <remarks>Defaults to 10.</remarks>
    public int HubCallsPerSecond { get; set; } = 10;
}
