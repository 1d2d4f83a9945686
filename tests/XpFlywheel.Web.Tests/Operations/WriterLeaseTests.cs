using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class WriterLeaseTests
{
    [Fact]
    public async Task A_database_reached_through_a_symbolic_link_shares_the_lease_of_its_real_path()
    {
        var root = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        var real = Path.Combine(root, "real");
        Directory.CreateDirectory(real);
        var database = Path.Combine(real, "app.db");
        await File.WriteAllBytesAsync(database, []);
        var fileAlias = Path.Combine(root, "alias.db");
        File.CreateSymbolicLink(fileAlias, database);
        var folderAlias = Path.Combine(root, "folder");
        Directory.CreateSymbolicLink(folderAlias, real);
        await using var first = new SqliteWriterLease(database, NullLogger<SqliteWriterLease>.Instance);
        await using var byFile = new SqliteWriterLease(fileAlias, NullLogger<SqliteWriterLease>.Instance);
        await using var byFolder = new SqliteWriterLease(Path.Combine(folderAlias, "app.db"), NullLogger<SqliteWriterLease>.Instance);

        await first.AcquireAsync();

        await Assert.ThrowsAsync<WriterLeaseUnavailableException>(() => byFile.AcquireAsync().AsTask());
        await Assert.ThrowsAsync<WriterLeaseUnavailableException>(() => byFolder.AcquireAsync().AsTask());
        Assert.Equal(first.LockPath, byFile.LockPath);
    }

    [Fact]
    public async Task ASecondLeaseOnTheSameDatabaseIsRefusedUntilTheFirstIsGivenBack()
    {
        var database = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"), "app.db");
        await using var first = new SqliteWriterLease(database, NullLogger<SqliteWriterLease>.Instance);
        await using var second = new SqliteWriterLease(database, NullLogger<SqliteWriterLease>.Instance);

        await first.AcquireAsync();
        var refused = await Assert.ThrowsAsync<WriterLeaseUnavailableException>(() => second.AcquireAsync().AsTask());

        Assert.Contains($"Another process holds the writer for the database {database}", refused.Message);
        Assert.True(first.IsHeld);
        Assert.False(second.IsHeld);

        await first.DisposeAsync();
        await second.AcquireAsync();

        Assert.True(second.IsHeld);
        Assert.True(File.Exists(database + ".writer.lock"));
    }

    [Theory]
    [InlineData(System.Data.ConnectionState.Open, true)]
    [InlineData(System.Data.ConnectionState.Open | System.Data.ConnectionState.Executing, true)]
    [InlineData(System.Data.ConnectionState.Open | System.Data.ConnectionState.Fetching, true)]
    [InlineData(System.Data.ConnectionState.Closed, false)]
    [InlineData(System.Data.ConnectionState.Connecting, false)]
    [InlineData(System.Data.ConnectionState.Broken, false)]
    public void A_postgres_lease_is_held_while_its_session_is_open_even_mid_command(System.Data.ConnectionState state, bool held) =>
        Assert.Equal(held, PostgresWriterLease.SessionIsOpen(state));

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared-book;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:shared-book?mode=memory&cache=shared")]
    [InlineData("Data Source=")]
    public void ADatabaseOnlyThisProcessCanOpenNeedsNoLease(string connectionString)
    {
        using var lease = DatabaseExtensions.WriterLeaseFor(connectionString, NullLoggerFactory.Instance);

        Assert.IsType<InMemoryWriterLease>(lease);
        Assert.True(lease.IsHeld);
    }

    [Theory]
    [InlineData("Data Source=data/xpflywheel.db", "data/xpflywheel.db")]
    [InlineData("Data Source=file:data/xpflywheel.db?cache=private", "data/xpflywheel.db")]
    public void ADatabaseFileIsLeasedThroughALockFileBesideIt(string connectionString, string file)
    {
        using var lease = DatabaseExtensions.WriterLeaseFor(connectionString, NullLoggerFactory.Instance);

        var sqlite = Assert.IsType<SqliteWriterLease>(lease);
        Assert.Equal(Path.GetFullPath(file) + ".writer.lock", sqlite.LockPath);
        Assert.False(sqlite.IsHeld);
    }

    [SqliteFact]
    public async Task ASecondAppOnTheSameDatabaseIsRefusedAtStartAndTheFirstStaysHealthy()
    {
        await using var first = new AppFactory();
        var client = first.CreateClient();
        await WriterHealth.WaitUntilHealthyAsync(client);

        // The refusal is logged as the reason start-up stopped; what the in-process host then throws depends on how far
        // the test host got before the app disposed itself, so the log is what is checked.
        var logs = new Integration.LogCapture();
        await using var second = new AppFactory { Folder = first.Folder };
        var refused = Assert.ThrowsAny<Exception>(() => second.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs))).CreateClient());

        var expected = $"Another process holds the writer for the database {first.DatabasePath}";
        Assert.True(WriterHealth.Flatten(refused).Contains(expected, StringComparison.Ordinal)
            || logs.Entries.Any(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical && e.Message.Contains(expected, StringComparison.Ordinal)),
            WriterHealth.Flatten(refused));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
