using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>
/// The real app on a fresh SQLite file in a temporary folder: migrations, Identity and the first admin
/// exactly as in production, with demo bots off so tests see only what they do.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin123!";

    public string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(Folder, "app.db");

    public string Environment { get; init; } = "Development";

    /// <summary>
    /// A PostgreSQL connection string (<see cref="PostgresServer.CreateDatabaseAsync"/>) to run the app on PostgreSQL
    /// instead of the SQLite file; null for SQLite.
    /// </summary>
    public string? PostgresConnectionString { get; init; } = AllOnPostgres();

    /// <summary>
    /// With <c>XPF_TEST_POSTGRES_SERVER</c> set to a PostgreSQL server's connection string (user allowed to create
    /// databases), every app of the run gets a new database there instead of a SQLite file: the whole suite can be run
    /// on PostgreSQL by hand. Unset, as in <c>./test.sh</c>, only the PostgreSQL tests use PostgreSQL.
    /// </summary>
    private static string? AllOnPostgres()
    {
        var server = System.Environment.GetEnvironmentVariable("XPF_TEST_POSTGRES_SERVER");
        if (string.IsNullOrEmpty(server))
            return null;
        var name = "xpf_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        // Dozens of apps share the server in one run: small pools that give idle connections back soon.
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20, ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }.ConnectionString;
    }

    /// <summary>
    /// Settings applied over appsettings. Every test client signs in from the same (empty) address, and shared
    /// fixtures sign in dozens of times a minute, so the per-address sign-in limits start high here; the tests of
    /// those limits set their own.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["RateLimits:AccountPostsPerMinute"] = "10000",
        ["RateLimits:SignInFailuresPerIp"] = "10000",
    };

    /// <summary>Test-only services added after the app's own, e.g. an instrument that watches the app from inside.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (TestServices is { } testServices)
            builder.ConfigureTestServices(testServices);
        Directory.CreateDirectory(Folder);
        builder.UseEnvironment(Environment);
        if (PostgresConnectionString is { } postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Default", postgres);
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        }
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(Folder, "keys"));
        builder.UseSetting("Demo:Enabled", "false");
        // Development's minute-long tier window is for the demo; tests keep the stored 30 days unless they set one.
        builder.UseSetting("Tiers:Window", "");
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
