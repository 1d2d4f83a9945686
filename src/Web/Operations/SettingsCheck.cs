using System.Globalization;
using XpFlywheel.Web.Demo;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Operations.Telemetry;
using XpFlywheel.Web.RateLimits;
using XpFlywheel.Web.Streams;

namespace XpFlywheel.Web.Operations;

/// <summary>
/// Reads, at start, every setting the app takes as a number, a switch or a duration, so that one it cannot use stops
/// the start with exit code 2 and a line naming it (<see cref="StartupConfigurationException"/>), instead of a 500 from
/// the first request or background run that reads it (<c>RateLimits:OrdersPer10Seconds=abc</c> failed every order;
/// <c>Exchange:ProjectionLagLimit=abc</c> failed every health check). Settings read as text (names, addresses,
/// connection strings) are checked where they are used.
/// </summary>
public static class SettingsCheck
{
    /// <summary>
    /// Durations the app reads directly, with whether zero is allowed (zero turns off what it times). Written as
    /// <c>hh:mm:ss</c> (<c>00:00:30</c>) or <c>d.hh:mm:ss</c>, as .NET reads a <see cref="TimeSpan"/>.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, bool ZeroAllowed)> Durations =
    [
        ("Cluster:ForwardTimeout", false),
        ("Cluster:LeaseRenewInterval", false),
        ("Cluster:LeaderSilenceLimit", true),
        ("Cluster:AccessRecheckInterval", false),
        ("Cluster:NotificationPoll", false),
        ("Exchange:ProjectionLagLimit", false),
        ("Exchange:IdempotencyRetention", false),
        ("Database:StartWait", true),
        ("Epochs:Length", false),
        ("Tiers:Window", false),
    ];

    /// <summary>Whole numbers the app reads directly (periods of background checks, in seconds or minutes): 1 or more.</summary>
    public static readonly IReadOnlyList<string> Counts =
    [
        "Economy:TrustRefreshMinutes",
        "Economy:DisputeCheckSeconds",
        "Economy:UnlockCheckSeconds",
        "Otc:ExpiryCheckSeconds",
    ];

    /// <summary>Switches the app reads directly: <c>true</c> or <c>false</c>.</summary>
    public static readonly IReadOnlyList<string> Switches = ["Mail:Outbox"];

    /// <summary>Throws <see cref="StartupConfigurationException"/> naming the first setting the app cannot use.</summary>
    public static void Validate(IConfiguration configuration)
    {
        foreach (var (key, zeroAllowed) in Durations)
        {
            if (configuration[key] is not { Length: > 0 } text)
                continue;
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
                throw new StartupConfigurationException($"{key} is '{text}', which is not a duration: write it as hh:mm:ss, such as 00:00:30.");
            if (value < TimeSpan.Zero || (!zeroAllowed && value == TimeSpan.Zero))
                throw new StartupConfigurationException($"{key} is '{text}': it must be {(zeroAllowed ? "zero or more" : "above zero")}.");
        }
        foreach (var key in Counts)
        {
            if (configuration[key] is not { Length: > 0 } text)
                continue;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw new StartupConfigurationException($"{key} is '{text}', which is not a whole number.");
            if (value < 1)
                throw new StartupConfigurationException($"{key} is '{text}': it must be 1 or more.");
        }
        foreach (var key in Switches)
        {
            if (configuration[key] is { Length: > 0 } text && !bool.TryParse(text, out _))
                throw new StartupConfigurationException($"{key} is '{text}': write true or false.");
        }

        var limits = Bind<RateLimitOptions>(configuration, RateLimitOptions.Section);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.ApiWeightPerMinute), limits.ApiWeightPerMinute);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.OrdersPer10Seconds), limits.OrdersPer10Seconds);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.AccountPostsPerMinute), limits.AccountPostsPerMinute);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.SignInFailuresPerIp), limits.SignInFailuresPerIp);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.SignInFailureWindowMinutes), limits.SignInFailureWindowMinutes);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.HubConnectionsPerIp), limits.HubConnectionsPerIp);
        AtLeastOne(RateLimitOptions.Section, nameof(RateLimitOptions.HubCallsPerSecond), limits.HubCallsPerSecond);

        var market = Bind<MarketHubOptions>(configuration, "MarketHub");
        AtLeastOne("MarketHub", nameof(MarketHubOptions.OutboxCapacity), market.OutboxCapacity);
        NotNegative("MarketHub", nameof(MarketHubOptions.TickerInterval), market.TickerInterval);
        NotNegative("MarketHub", nameof(MarketHubOptions.PublishInterval), market.PublishInterval);

        var user = Bind<UserHubOptions>(configuration, "UserHub");
        AtLeastOne("UserHub", nameof(UserHubOptions.OutboxCapacity), user.OutboxCapacity);
        AtLeastOne("UserHub", nameof(UserHubOptions.ReplayCapacity), user.ReplayCapacity);
        NotNegative("UserHub", nameof(UserHubOptions.IdleRetention), user.IdleRetention);

        var demo = Bind<DemoOptions>(configuration, "Demo");
        if (demo.Tick <= TimeSpan.Zero)
            throw new StartupConfigurationException($"Demo:Tick is '{configuration["Demo:Tick"]}': it must be above zero.");

        Bind<TelemetryOptions>(configuration, TelemetryOptions.Section);
    }

    // The section bound as the app binds it; a value the binder cannot convert names its key and type.
    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException error)
        {
            throw new StartupConfigurationException($"{error.Message.TrimEnd('.')}: fix or remove the setting.", error);
        }
    }

    private static void AtLeastOne(string section, string key, int value)
    {
        if (value < 1)
            throw new StartupConfigurationException($"{section}:{key} is {value}: it must be 1 or more.");
    }

    private static void NotNegative(string section, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            throw new StartupConfigurationException($"{section}:{key} is {value}: it must be zero or more.");
    }
}
