using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using XpFlywheel.Web.Operations;

using XpFlywheel.Web.Projection;

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
    /// The one PostgreSQL set-up of every context. Npgsql sends <c>ids.Contains(x)</c> as one array parameter
    /// (<c>= ANY(@p)</c>), so a query's size never depends on the data here either.
    /// </summary>
    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString)
    {
        // The writer runs the same few statements for every row of every batch: let Npgsql keep them prepared
        // server-side unless the connection string chose otherwise.
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
            settings.MaxAutoPrepare = 64;
        return options.UseNpgsql(settings.ConnectionString, npgsql => npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
    }

    // A connection string the provider cannot read stops the start with what to change, before anything parses it lazily
    // (a SQLite "Data Source=…" under Postgres, the appsettings default when only the provider was set, or a misspelt key).
    private static void CheckConnectionString(DatabaseProvider provider, string connectionString)
    {
        const string PostgresForm = "Host=…;Port=5432;Database=xpflywheel;Username=…;Password=…";
        try
        {
            if (provider == DatabaseProvider.Postgres)
            {
                var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(settings.Host))
                    throw new ArgumentException("it names no Host");
            }
            else
            {
                var settings = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(settings.DataSource))
                    throw new ArgumentException("it names no Data Source");
            }
        }
        catch (Exception error) when (error is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new Operations.StartupConfigurationException(provider == DatabaseProvider.Postgres
                ? $"Database:Provider is Postgres but ConnectionStrings:Default is not a PostgreSQL connection string ({error.Message}): " +
                    $"set it in the form {PostgresForm} (environment variable ConnectionStrings__Default)."
                : $"ConnectionStrings:Default is not a SQLite connection string ({error.Message}): set it in the form Data Source=data/xpflywheel.db, " +
                    "or set Database:Provider to Postgres for a PostgreSQL connection string.", error);
        }
    }

    /// <summary>
    /// Registers the database and its writer lease. <c>Database:Provider</c> chooses the engine: <c>Sqlite</c> (the
    /// embedded default) or <c>Postgres</c>, with <c>ConnectionStrings:Default</c> in that provider's form.
    /// Everything provider-specific (SQLite's folder, WAL and lock file; PostgreSQL's advisory lock and migrations)
    /// stays in this set-up, so the rest of the data layer is provider-neutral and always asks for an
    /// <see cref="AppDbContext"/>.
    /// </summary>
    /// <exception cref="Operations.StartupConfigurationException">An unknown provider name, or a connection string that is empty
    /// for <c>Postgres</c> or not in the chosen provider's form (a SQLite <c>Data Source=…</c> given to <c>Postgres</c>, a
    /// misspelt key).</exception>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var provider = DatabaseProviders.Parse(builder.Configuration["Database:Provider"]);
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultConnectionString
                : throw new Operations.StartupConfigurationException(
                    "Database:Provider is Postgres but ConnectionStrings:Default is empty: give it a PostgreSQL connection string " +
                    "(Host=…;Port=5432;Database=xpflywheel;Username=…;Password=…).");
        }
        CheckConnectionString(provider, connectionString);

        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContextFactory<PostgresAppDbContext>(options => ConfigurePostgres(options, connectionString));
            builder.Services.AddSingleton<IDbContextFactory<AppDbContext>>(services =>
                new ProviderContextFactory<PostgresAppDbContext>(services.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
            builder.Services.AddScoped<AppDbContext>(services => services.GetRequiredService<PostgresAppDbContext>());
            builder.Services.AddSingleton<IWriterLease>(services =>
                new PostgresWriterLease(connectionString, services.GetRequiredService<ILogger<PostgresWriterLease>>()));
        }
        else
        {
            builder.Services.AddDbContextFactory<AppDbContext>(options => ConfigureSqlite(options, connectionString));
            builder.Services.AddSingleton(services => WriterLeaseFor(connectionString, services.GetRequiredService<ILoggerFactory>()));
        }
        builder.Services.AddSingleton(new Cluster.ClusterNode(provider == DatabaseProvider.Postgres, connectionString));
        builder.Services.AddSingleton<Cluster.ClusterSignals>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Cluster.ClusterSignals>());
        builder.Services.AddSingleton<Cluster.CommandForwarder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Cluster.CommandForwarder>());
        builder.Services.AddHostedService<Cluster.InboxRelay>();
        ReadBehindTheProjection(builder.Services);
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [HealthEndpoints.Ready]);

        // Sign-in cookies must survive a restart: keep the data-protection keys beside the database, in the
        // same volume, instead of the user profile a container does not keep. On PostgreSQL every node of the
        // database shares one key ring in it, so a cookie issued by one node is read by all.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("XpFlywheel");
        if (provider == DatabaseProvider.Postgres)
            dataProtection.PersistKeysToDbContext<AppDbContext>();
        else
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["DataProtection:KeysFolder"] ?? "data/keys"));
        return builder;
    }

    // The provider's factory becomes the writer's (WriterDatabase); everyone else asking for an AppDbContext factory
    // gets one that waits for the result tables to reach what was answered (ProjectedReads).
    private static void ReadBehindTheProjection(IServiceCollection services)
    {
        var provider = services.Last(d => d.ServiceType == typeof(IDbContextFactory<AppDbContext>));
        services.Remove(provider);
        services.AddSingleton(serviceProvider => new WriterDatabase((IDbContextFactory<AppDbContext>)(
            provider.ImplementationInstance
            ?? provider.ImplementationFactory?.Invoke(serviceProvider)
            ?? ActivatorUtilities.CreateInstance(serviceProvider, provider.ImplementationType!))));
        services.AddSingleton<ProjectionProgress>();
        services.AddSingleton<IDbContextFactory<AppDbContext>, ProjectedReads>();
    }

    /// <summary>
    /// Begins a read-only snapshot on <paramref name="db"/>: every query until it is disposed sees the database as of
    /// its first read, whatever commits meanwhile, so figures read from several tables agree (balances and system
    /// accounts that must sum to zero). SQLite: a deferred transaction, which takes no write lock (WAL keeps its
    /// snapshot). PostgreSQL: repeatable read.
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(this AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
            return await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        return await db.Database.UseTransactionAsync(transaction, cancellationToken)
            ?? throw new InvalidOperationException("The snapshot transaction could not be used.");
    }

    /// <summary>Creates the database folder, applies every pending migration and switches SQLite to WAL.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            EnsureSqliteFolder(db.Database.GetConnectionString());
            await ClearStaleMigrationLockAsync(db, cancellationToken);
        }

        // The migrations' history table first: on a new PostgreSQL database the migrator would otherwise read it
        // before it exists, and EF Core logs that failed query as an error at every first start.
        await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>(db)
            .CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        var keys = await Account.OperatorNames.RefreshKeysAsync(db, cancellationToken);
        if (keys.Changed + keys.Clashing.Count > 0)
            services.GetService<ILoggerFactory>()?.CreateLogger("XpFlywheel.Web.Data.Migrations")
                .LogWarning("Display name keys brought to the current name rule: {Changed} changed; left as they were because another operator's name takes the new key, users {Clashing}; changed to one alike the name shown for another operator (an email prefix or \"operator N\"), users {AlikeShownName}.",
                    keys.Changed, keys.Clashing, keys.AlikeShownName);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers (pages, API) run while the engine commits; the mode is stored in the file itself.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Removes the row EF Core's SQLite migrator leaves in <c>__EFMigrationsLock</c> when a process is killed while it
    /// migrates: every later start would wait on it for ever. Called only while this process holds the writer lease
    /// (taken before migrating), so no other process can be migrating this database.
    /// </summary>
    private static async Task ClearStaleMigrationLockAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
                return;
            await using var clear = connection.CreateCommand();
            clear.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
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
