using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>
/// The real app on a fresh SQLite file in a temporary folder: migrations, Identity and the first admin
/// exactly as in production, with demo bots off so tests see only what they do.
/// </summary>
/// <remarks>
/// As an xunit fixture it is disposed asynchronously (<see cref="IAsyncLifetime"/>): xunit 2 disposes other fixtures by
/// the synchronous <c>Dispose</c>, which blocks one of its few threads on the host's whole stop.
/// </remarks>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin123!";

    public string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(Folder, "app.db");

    public string Environment { get; init; } = "Development";

    /// <summary>
    /// A PostgreSQL connection string (<see cref="PostgresServer.CreateDatabaseAsync"/>) to run the app on PostgreSQL
    /// instead of the SQLite file; null for SQLite.
    /// </summary>
    public string? PostgresConnectionString
    {
        get => _postgresChosen ? _postgres : Choose(AllOnPostgres(Folder));
        init => Choose(value);
    }

    private string? _postgres;
    private bool _postgresChosen;

    private string? Choose(string? connectionString)
    {
        _postgres = connectionString;
        _postgresChosen = true;
        return connectionString;
    }

    /// <summary>
    /// With <c>XPF_TEST_POSTGRES_SERVER</c> set to a PostgreSQL server's connection string (user allowed to create
    /// databases), every app of the run gets a database there instead of a SQLite file, one per <see cref="Folder"/>,
    /// so an app restarted on the same folder finds its data again: <c>./test.sh</c> runs the integration suite once
    /// this way as well. Unset, only the PostgreSQL tests use PostgreSQL.
    /// </summary>
    public static bool OnPostgres => !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("XPF_TEST_POSTGRES_SERVER"));

    private static string? AllOnPostgres(string folder)
    {
        var server = System.Environment.GetEnvironmentVariable("XPF_TEST_POSTGRES_SERVER");
        if (string.IsNullOrEmpty(server))
            return null;
        var name = "xpf_" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..16].ToLowerInvariant();
        using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            connection.Open();
            using var exists = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                command.ExecuteNonQuery();
            }
        }
        // Dozens of apps share the server in one run: small pools that give idle connections back soon.
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20, ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }.ConnectionString;
    }

    /// <summary>
    /// A Redis server (<see cref="RedisServer.ConnectionString"/>) the app shares its rate limits through; null for
    /// none. With <c>XPF_TEST_REDIS</c> set (<c>./test.sh</c>'s PostgreSQL run) every app uses that server.
    /// </summary>
    public string? RedisConnectionString { get; init; } = System.Environment.GetEnvironmentVariable("XPF_TEST_REDIS") is { Length: > 0 } redis ? redis : null;

    // The apps of one deployment (one database, or one folder) share their Redis keys; other tests' apps never do.
    private string RedisPrefix => "t" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        PostgresConnectionString is { } postgres ? new Npgsql.NpgsqlConnectionStringBuilder(postgres).Database ?? Folder : Folder)))[..12].ToLowerInvariant();

    /// <summary>
    /// Settings applied over appsettings. Every test client signs in from the same (empty) address, and shared
    /// fixtures sign in dozens of times a minute, so the per-address sign-in limits start high here; the tests of
    /// those limits set their own. Tests that hold the lease from a session of their own (a stand-in for a hung leader)
    /// expect it held for as long as they keep it: the silence limit starts at ten minutes, and its own tests set theirs.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["RateLimits:AccountPostsPerMinute"] = "10000",
        ["RateLimits:SignInFailuresPerIp"] = "10000",
        ["Cluster:LeaderSilenceLimit"] = "00:10:00",
    };

    /// <summary>Test-only services added after the app's own, e.g. an instrument that watches the app from inside.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>
    /// <see cref="TestServices"/> that put <paramref name="interceptor"/> on every context the app makes, on SQLite and
    /// on PostgreSQL alike (a database fault injected where the app meets it).
    /// </summary>
    public static Action<IServiceCollection> Intercepting(Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor) => services =>
    {
        services.ConfigureDbContext<Web.Data.AppDbContext>(options => options.AddInterceptors(interceptor));
        services.ConfigureDbContext<Web.Data.PostgresAppDbContext>(options => options.AddInterceptors(interceptor));
    };

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    /// <summary>
    /// What the app logged at Error or above, with each exception's type and message (for a failing assertion to
    /// quote: the console log is not shown in a summary run).
    /// </summary>
    public string ErrorLog => string.Join("\n", _errors);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLogProvider(_errors)));
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
        if (RedisConnectionString is { } redis)
        {
            builder.UseSetting("ConnectionStrings:Redis", redis);
            builder.UseSetting("Redis:KeyPrefix", RedisPrefix);
        }
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(Folder, "keys"));
        builder.UseSetting("Demo:Enabled", "false");
        // A start that fails throws here, to the test, instead of ending the entry point with an exit code.
        builder.UseSetting(XpFlywheel.Web.Operations.StartupFailures.ThrowKey, "true");
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

// Keeps Error and Critical entries (bounded) for AppFactory.ErrorLog.
file sealed class ErrorLogProvider(System.Collections.Concurrent.ConcurrentQueue<string> entries) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ErrorLogger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class ErrorLogger(string category, System.Collections.Concurrent.ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || entries.Count >= 200)
                return;
            var chain = "";
            for (var error = exception; error is not null; error = error.InnerException)
                chain += $" <- {error.GetType().Name}: {error.Message}";
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{chain}");
        }
    }
}
