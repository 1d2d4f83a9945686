using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

public sealed class WriterHealthTests
{
    [SqliteFact]
    public async Task HealthIsUnhealthyWhenTheExchangeCannotLoadThoughTheDatabaseAnswers()
    {
        var (folder, _) = await FolderWhoseExchangeCannotLoadAsync();

        await using var app = new KeepsServingFactory { Folder = folder };
        var client = app.CreateClient();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => exchange.Ready.WaitAsync(TimeSpan.FromSeconds(30)));

        var response = await client.GetAsync("/health");
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HealthStatus.Healthy, report.Entries["database"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["exchange"].Status);
        Assert.StartsWith("Loading the exchange from the database failed", report.Entries["exchange"].Description);
    }

    [Fact]
    public async Task Health_reports_the_last_durable_journal_sequence_never_one_a_batch_in_flight_has_handed_out()
    {
        await using var app = new AppFactory();
        var services = app.Services;
        var exchange = services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;
        var trader = await Operators.CreateAsync(services, "health-sequence@test.local");
        await Operators.FundAsync(services, trader, 100, 1_000);
        var trading = services.GetRequiredService<TradingService>();
        var health = services.GetRequiredService<HealthCheckService>();
        async Task<long> ReportedAsync() => (long)(await health.CheckHealthAsync()).Entries["exchange"].Data["sequence"];

        // The writer is held inside one batch while an order and a second holder queue behind it; letting the first go
        // starts the next batch, which numbers the order and then holds before its commit.
        using var firstHeld = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        using var secondHeld = new ManualResetEventSlim();
        using var releaseSecond = new ManualResetEventSlim();
        var first = exchange.ExecuteAsync(_ => { firstHeld.Set(); releaseFirst.Wait(TimeSpan.FromSeconds(30)); return 0; });
        Assert.True(firstHeld.Wait(TimeSpan.FromSeconds(30)));
        var durable = await ReportedAsync();
        var placed = trading.PlaceAsync(trader, new PlaceOrderRequest(XpFlywheel.Core.Matching.Side.Buy, XpFlywheel.Core.Matching.OrderType.Limit, 0.0200m, 10));
        var second = exchange.ExecuteAsync(_ => { secondHeld.Set(); releaseSecond.Wait(TimeSpan.FromSeconds(30)); return 0; });
        await Task.Delay(200);
        releaseFirst.Set();
        await first;
        Assert.True(secondHeld.Wait(TimeSpan.FromSeconds(30)));

        Assert.True(exchange.JournalSequence > durable, "the order was not numbered in the held batch");
        var whileInFlight = await ReportedAsync();
        releaseSecond.Set();
        await second;
        Assert.True((await placed).Succeeded);

        // A kill before that commit would hand the in-flight number to another command after the restart.
        Assert.Equal(durable, whileInFlight);
        Assert.Equal(exchange.JournalSequence, await ReportedAsync());
    }

    [Fact]
    public async Task ReadinessWaitsForTheWriterWhileLivenessAnswersFromTheStart()
    {
        await using var app = new AppFactory();
        var client = app.CreateClient();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        var live = await client.GetAsync("/health/live");
        var readyBefore = await client.GetAsync("/health/ready");
        var loadedBefore = exchange.Status.State == WriterState.Running;

        await exchange.Ready;
        var readyAfter = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // The writer may have loaded before the first probe; if not, readiness must have said so.
        Assert.Equal(loadedBefore ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, readyBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [SqliteFact]
    public async Task A_migration_lock_left_by_a_process_killed_while_migrating_does_not_block_the_next_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new AppFactory { Folder = folder })
            await first.Services.GetRequiredService<ExchangeHost>().Ready;
        // What EF Core's migrator holds while it migrates, as a SIGKILL at that moment leaves it.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "app.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """INSERT INTO "__EFMigrationsLock" ("Id","Timestamp") VALUES (1, '2026-12-01 12:00:00')""";
            await command.ExecuteNonQueryAsync();
        }

        await using var next = new AppFactory { Folder = folder };
        // Starting the host runs the migration: a blocked start fails here after a minute instead of hanging the run.
        await Task.Run(() => next.Services.GetRequiredService<ExchangeHost>().Ready).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ReadinessFailsButLivenessHoldsOnceTheExchangeLoopHasStopped()
    {
        await using var app = new AppFactory();
        var client = app.CreateClient();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;

        await ((IHostedService)exchange).StopAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_batch_under_way_when_the_app_stops_commits_and_answers_its_caller()
    {
        await using var app = new AppFactory();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;
        using var release = new ManualResetEventSlim();
        var work = await BatchHeldOnTheWriterAsync(exchange, release);

        // The stop cancels the writer's token while the batch is still running.
        var stopping = ((IHostedService)exchange).StopAsync(CancellationToken.None);
        release.Set();

        await work.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WriterState.Stopped, exchange.Status.State);
    }

    [Fact]
    public async Task HealthIsUnhealthyOnceTheExchangeLoopHasStopped()
    {
        await using var app = new AppFactory();
        var client = app.CreateClient();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await ((IHostedService)exchange).StopAsync(CancellationToken.None);

        var response = await client.GetAsync("/health");
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(WriterState.Stopped, exchange.Status.State);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["exchange"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["database"].Status);
    }

    /// <summary>
    /// A request that reaches an exchange which could not load is refused at once as unavailable, never left waiting on
    /// a queue that nothing will read: one sent while it was loading, one sent after, and one over the API (503
    /// <c>exchange_unavailable</c> with <c>Retry-After</c>, nothing applied).
    /// </summary>
    [SqliteFact]
    public async Task Requests_to_an_exchange_that_could_not_load_are_refused_as_unavailable_and_none_is_left_waiting()
    {
        var (folder, trader) = await FolderWhoseExchangeCannotLoadAsync();
        await using var app = new KeepsServingFactory { Folder = folder };
        var exchange = app.Services.GetRequiredService<ExchangeHost>();

        // Queued while loading if the load is still running; refused at once if it has failed already.
        Task<long> whileLoading;
        try
        {
            whileLoading = exchange.ExecuteAsync(session => session.Sequence);
        }
        catch (ExchangeStoppedException refused)
        {
            whileLoading = Task.FromException<long>(refused);
        }
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => exchange.Ready.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.IsType<ExchangeStoppedException>(await Record.ExceptionAsync(() => whileLoading.WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.IsType<ExchangeStoppedException>(await Record.ExceptionAsync(() => exchange.ExecuteAsync(session => session.Sequence).WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.Equal(0, exchange.QueueDepth);
        var response = await trader.On(app).Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 })
            .WaitAsync(TimeSpan.FromSeconds(30));
        await AssertExchangeUnavailableAsync(response);
    }

    /// <summary>
    /// Requests still queued when the exchange's loop stops are refused (the app is stopping) and leave the queue: the
    /// queue depth, which the projection reads as "the writer is busy", goes back to zero and the stop completes. A request
    /// over the API after that is 503 <c>exchange_unavailable</c> with nothing applied.
    /// </summary>
    [Fact]
    public async Task Requests_queued_when_the_exchange_stops_are_refused_and_leave_the_queue()
    {
        await using var app = new AppFactory();
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;
        var trader = await Api.ApiClient.CreateAsync(app, "stopped-exchange@test.local", dollars: 100);
        using var release = new ManualResetEventSlim();
        var blocking = await BatchHeldOnTheWriterAsync(exchange, release);
        var queued = Enumerable.Range(0, 5).Select(_ => exchange.ExecuteAsync(session => session.Sequence)).ToList();
        Assert.Equal(5, exchange.QueueDepth);

        var stopping = ((IHostedService)exchange).StopAsync(CancellationToken.None);
        release.Set();
        await blocking.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        foreach (var request in queued)
            await Assert.ThrowsAsync<ExchangeStoppedException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, exchange.QueueDepth);
        await AssertExchangeUnavailableAsync(await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100 }));
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.AppDbContext>>().CreateDbContextAsync();
        var wallet = await db.Wallets.Where(w => w.Id == trader.OperatorId).Select(w => new { w.CashAvailable, w.CashHeld }).SingleAsync();
        Assert.Equal((100_000_000L, 0L), (wallet.CashAvailable, wallet.CashHeld));
    }

    // A batch running on the writer until release is set (30 s at most): the writer takes nothing else meanwhile.
    private static async Task<Task<long>> BatchHeldOnTheWriterAsync(ExchangeHost exchange, ManualResetEventSlim release)
    {
        using var running = new SemaphoreSlim(0);
        var batch = exchange.ExecuteAsync(session =>
        {
            running.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return session.Sequence;
        });
        Assert.True(await running.WaitAsync(TimeSpan.FromSeconds(30)));
        return batch;
    }

    /// <summary>
    /// A batch that cannot even get its connection ends the loop (and the app, for its supervisor to restart), and
    /// still answers: its caller gets the reason (a database that does not answer, which the API answers 503
    /// <c>database_unavailable</c>), never a wait on a loop that has ended. Nothing was journaled.
    /// </summary>
    [Fact]
    public async Task A_batch_that_cannot_get_its_connection_answers_its_caller_and_journals_nothing()
    {
        var refusing = new RefusingFactory();
        await using var app = new AppFactory
        {
            TestServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(XpFlywheel.Web.Projection.WriterDatabase));
                services.Remove(original);
                services.AddSingleton(provider =>
                {
                    var real = (XpFlywheel.Web.Projection.WriterDatabase)original.ImplementationFactory!(provider);
                    refusing.Inner = real.Factory;
                    return new XpFlywheel.Web.Projection.WriterDatabase(refusing);
                });
            },
        };
        var exchange = app.Services.GetRequiredService<ExchangeHost>();
        await exchange.Ready;
        var trader = await Api.ApiClient.CreateAsync(app, "no-connection@test.local", dollars: 100);

        // The writer's connections are refused (the reads of the API too, so the order goes to the exchange directly).
        var journaled = exchange.JournalSequence;
        refusing.Refusing = true;
        var placing = app.Services.GetRequiredService<TradingService>().PlaceAsync(trader.OperatorId,
            new PlaceOrderRequest(XpFlywheel.Core.Matching.Side.Buy, XpFlywheel.Core.Matching.OrderType.Limit, 0.0200m, 100));
        Assert.True(await Task.WhenAny(placing, Task.Delay(TimeSpan.FromSeconds(20))) == placing, "The order's caller was left waiting on a loop that had ended");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => placing);
        Assert.True(XpFlywheel.Web.Operations.StartupExtensions.Unreachable(error), error.ToString());
        // The caller is answered as the loop ends, a moment before it reports the failure.
        for (var waited = 0; exchange.Status.State != WriterState.Faulted && waited < 200; waited++)
            await Task.Delay(50);
        Assert.Equal(WriterState.Faulted, exchange.Status.State);
        Assert.Equal(journaled, exchange.JournalSequence);
    }

    // The writer's connections, refused while Refusing is set (as when the database stops answering).
    private sealed class RefusingFactory : IDbContextFactory<Data.AppDbContext>
    {
        public IDbContextFactory<Data.AppDbContext> Inner { get; set; } = null!;

        public volatile bool Refusing;

        public Data.AppDbContext CreateDbContext() => Refusing
            ? throw new InvalidOperationException("The database did not answer.",
                new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
            : Inner.CreateDbContext();

        public Task<Data.AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            Refusing ? Task.FromResult(CreateDbContext()) : Inner.CreateDbContextAsync(cancellationToken);
    }

    private static async Task AssertExchangeUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {body}");
        Assert.Equal("exchange_unavailable", System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    // A database the exchange cannot load from though it answers: a second counter row, so the exchange cannot tell
    // which next order id is the real one. Made by a first app, which also leaves an operator with $100 and an API key.
    private static async Task<(string Folder, Api.ApiClient Trader)> FolderWhoseExchangeCannotLoadAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        Api.ApiClient trader;
        await using (var migrated = new AppFactory { Folder = folder })
        {
            await migrated.Services.GetRequiredService<ExchangeHost>().Ready;
            trader = await Api.ApiClient.CreateAsync(migrated, $"cannot-load-{Guid.NewGuid():N}@test.local", dollars: 100);
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "app.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Row 1 exists once the first app committed a batch; make sure of it whatever it managed before it stopped.
            command.CommandText = """
                INSERT OR IGNORE INTO "MarketState" ("Id","LastPriceTicks","NextOrderId","NextTradeId","NextSequence","NextPostingSequence","Halted") VALUES (1,0,1,1,1,1,0);
                INSERT INTO "MarketState" ("Id","LastPriceTicks","NextOrderId","NextTradeId","NextSequence","NextPostingSequence","Halted") VALUES (2,0,7,1,1,1,0);
                """;
            await command.ExecuteNonQueryAsync();
        }
        return (folder, trader);
    }

    /// <summary>
    /// The app with a failed background service left failed instead of stopping the host, so it keeps answering
    /// requests (as it would between the failure and its exit): that is when /health must not say Healthy.
    /// </summary>
    private sealed class KeepsServingFactory : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Configure<HostOptions>(
                options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore));
        }
    }
}
