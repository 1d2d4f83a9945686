using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>
/// A private PostgreSQL server for the tests that run the app on PostgreSQL: a fresh cluster (<c>initdb</c>) in a
/// temporary folder, listening on a free loopback port only, stopped and deleted on dispose. Debian's
/// <c>postgresql</c> package provides the binaries (<c>./test.sh</c> installs it when missing); as root the server
/// runs as the package's <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _folder = "";
    private string _bin = "";
    private bool _asPostgresUser;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's own administration connection (database <c>postgres</c>).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _folder = Path.Combine(Path.GetTempPath(), "xpflywheel-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _asPostgresUser = Environment.UserName == "root";
        if (_asPostgresUser)
            await RunAsync("chown", ["-R", "postgres", _folder], asPostgres: false);

        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]);
        Port = FreePort();
        // Durability of the test server itself is not under test (fsync off keeps the suite fast); the app's own
        // transactions, locks and isolation are PostgreSQL's real ones.
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    }

    /// <summary>Creates an empty database and returns the app's connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "xpf_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        // Every test makes apps on a database of its own, and Npgsql keeps a closed app's idle connections in its
        // process-wide pool for 5 minutes by default: closed after 3 s here, so a long run does not fill the server.
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Connection Idle Lifetime=3;Connection Pruning Interval=1";
    }

    /// <summary>
    /// Ends the session that holds the writer lease of <paramref name="database"/> (the advisory lock
    /// <see cref="PostgresWriterLease.LockKey"/>), as a network cut or a server-side timeout would, and waits
    /// up to 5 s for it to exit, so the lock is free on return. Only the holder is ended: a follower trying the lock at
    /// that moment opens a session of the same application name that holds nothing. Returns how many sessions ended
    /// (1 while a node leads, 0 while none does).
    /// </summary>
    public async Task<long> EndLeaseHolderAsync(string database)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        // A bigint advisory key shows in pg_locks as its high 32 bits (classid), low 32 bits (objid) and objsubid 1.
        await using var terminate = new NpgsqlCommand(
            """
            SELECT count(pg_terminate_backend(l.pid, 5000)) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND d.datname = @db
              AND l.classid::bigint = @high AND l.objid::bigint = @low
            """, admin);
        terminate.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(database).Database!);
        terminate.Parameters.AddWithValue("high", (long)((ulong)PostgresWriterLease.LockKey >> 32));
        terminate.Parameters.AddWithValue("low", PostgresWriterLease.LockKey & 0xFFFF_FFFFL);
        return (long)(await terminate.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_folder, "data")))
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing to give back but the folder.
            }
        }
        if (_folder.Length > 0)
            Directory.Delete(_folder, recursive: true);
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("XPF_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return versions.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): ./test.sh installs Debian's postgresql package, " +
            "or set XPF_POSTGRES_BIN to the folder holding initdb and pg_ctl.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsync(string program, IReadOnlyList<string> arguments) => RunAsync(program, arguments, _asPostgresUser);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
                start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }
}

/// <summary>The test classes that share one private PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
