namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// A setting the app cannot start with stops the start with one line saying what to change and exit code 2, not an
/// unhandled-exception abort with a stack trace (README, "PostgreSQL").
/// </summary>
public sealed class StartupSettingsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    // Only the provider set: the SQLite default connection string is left in place.
    [InlineData("Database:Provider", "Postgres", "not a PostgreSQL connection string")]
    [InlineData("Database:Provider", "Postgress", "Database:Provider 'Postgress' is not known")]
    [InlineData("ConnectionStrings:Default", "Data Source=app.db;Prot=5433", "not a SQLite connection string")]
    [InlineData("ConnectionStrings:Default", "Host=127.0.0.1;Database=xpflywheel", "not a SQLite connection string")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks holds '10.0.0.0/99'")]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.local", "ForwardedHeaders:KnownProxies holds 'proxy.local'")]
    // Numbers, switches and durations: each once failed requests later (a 500 from every order, every health check).
    [InlineData("RateLimits:OrdersPer10Seconds", "abc", "RateLimits:OrdersPer10Seconds")]
    [InlineData("RateLimits:ApiWeightPerMinute", "0", "RateLimits:ApiWeightPerMinute is 0: it must be 1 or more")]
    [InlineData("Exchange:ProjectionLagLimit", "abc", "Exchange:ProjectionLagLimit is 'abc', which is not a duration")]
    [InlineData("Cluster:ForwardTimeout", "-5", "Cluster:ForwardTimeout is '-5': it must be above zero")]
    [InlineData("Cluster:LeaderSilenceLimit", "ten seconds", "Cluster:LeaderSilenceLimit is 'ten seconds', which is not a duration")]
    [InlineData("Database:StartWait", "xyz", "Database:StartWait is 'xyz', which is not a duration")]
    [InlineData("MarketHub:OutboxCapacity", "many", "MarketHub:OutboxCapacity")]
    [InlineData("Demo:Enabled", "yes", "Demo:Enabled")]
    [InlineData("Mail:Outbox", "on", "Mail:Outbox is 'on': write true or false")]
    [InlineData("Otc:ExpiryCheckSeconds", "5s", "Otc:ExpiryCheckSeconds is '5s', which is not a whole number")]
    public async Task A_setting_the_app_cannot_use_stops_the_start_with_its_reason_and_exit_code_2(string key, string value, string reason)
    {
        await using var app = AppProcess.Start(_folder, new Dictionary<string, string> { [key] = value });

        var exitCode = await app.WaitForExitAsync(Bound);

        Assert.Equal(2, exitCode);
        Assert.Contains("Start-up stopped: ", app.Output);
        Assert.Contains(reason, app.Output);
        Assert.DoesNotContain("Unhandled exception", app.Output);
        Assert.DoesNotContain("   at ", app.Output);
    }
}
