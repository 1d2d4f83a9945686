using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XpFlywheel.Web.Operations;

namespace XpFlywheel.Web.Data;

public static class DatabaseExtensions
{
    public const string DefaultConnectionString = "Data Source=data/xpflywheel.db";

    /// <summary>SQLite connection settings (page cache), applied by <see cref="ConfigureSqlite"/>.</summary>
    public static readonly DbConnectionInterceptor SqliteConnectionTuning = new SqliteTuning();

    /// <summary>
    /// The one SQLite set-up of every context (the app, design-time tools, the benchmark's host), so they all
    /// translate queries alike. A query's size must never depend on the data: EF Core 10 would otherwise send
    /// <c>ids.Contains(x)</c> as one SQL parameter per element, and SQLite refuses more than 32,766 of them. In
    /// <see cref="ParameterTranslationMode.Parameter"/> mode a collection is one JSON parameter that SQLite expands
    /// with <c>json_each</c>: the same statement text for any number of elements.
    /// </summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(SqliteConnectionTuning);

    /// <summary>
    /// Registers the database and its writer lease. SQLite is the embedded default; everything SQLite-specific (the
    /// folder for the file, WAL journal mode, the lock file that is the lease) stays in this provider set-up so the
    /// rest of the data layer is provider-neutral.
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
            connectionString = DefaultConnectionString;

        builder.Services.AddDbContextFactory<AppDbContext>(options => ConfigureSqlite(options, connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [HealthEndpoints.Ready]);
        builder.Services.AddSingleton(provider => WriterLeaseFor(connectionString, provider.GetRequiredService<ILoggerFactory>()));

        // Sign-in cookies must survive a restart: keep the data-protection keys beside the database, in the
        // same volume, instead of the user profile a container does not keep.
        var keysFolder = builder.Configuration["DataProtection:KeysFolder"] ?? "data/keys";
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keysFolder)).SetApplicationName("XpFlywheel");
        return builder;
    }

    /// <summary>Creates the database folder, applies every pending migration and switches SQLite to WAL.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
            EnsureSqliteFolder(db.Database.GetConnectionString());

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers (pages, API) run while the engine commits; the mode is stored in the file itself.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// The writer lease for a SQLite connection string: a lock file beside a database file, none for a database in
    /// memory (<c>:memory:</c>, <c>Mode=Memory</c>, a <c>file:</c> URI with <c>mode=memory</c>, or no file at all).
    /// </summary>
    internal static IWriterLease WriterLeaseFor(string connectionString, ILoggerFactory loggers)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = settings.DataSource;
        if (dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var query = dataSource.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0 && dataSource[query..].Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
                return new InMemoryWriterLease();
            dataSource = Uri.UnescapeDataString(query >= 0 ? dataSource[5..query] : dataSource[5..]);
        }
        if (settings.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
            return new InMemoryWriterLease();
        return new SqliteWriterLease(dataSource, loggers.CreateLogger<SqliteWriterLease>());
    }

    private static void EnsureSqliteFolder(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
    }
}
