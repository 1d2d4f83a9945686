using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>The app on PostgreSQL (<c>Database:Provider=Postgres</c>): its own migrations, the lease and the fence.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderTests(PostgresServer server)
{
    [Fact]
    public async Task On_postgres_the_model_matches_its_own_migrations_and_every_one_applies()
    {
        await using var app = new AppFactory { PostgresConnectionString = await server.CreateDatabaseAsync() };
        await WriterHealth.WaitUntilHealthyAsync(app.CreateClient());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.IsType<PostgresAppDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no PostgreSQL migration carries: run ./scripts/add-migration.sh.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialSchema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lease_whose_session_the_server_ended_is_not_taken_back_while_another_process_holds_it()
    {
        var database = await server.CreateDatabaseAsync();
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresWriterLease>.Instance;
        await using var stale = new PostgresWriterLease(database, logger);
        await stale.AcquireAsync();
        Assert.Equal(1L, await TerminateLeaseSessionsAsync(database));
        await using var current = new PostgresWriterLease(database, logger);
        await current.AcquireAsync();

        // The ended session still reads as open to its driver until used: acquiring must ask the server, not trust it.
        await Assert.ThrowsAsync<WriterLeaseUnavailableException>(() => stale.AcquireAsync().AsTask());
        Assert.False(stale.IsHeld);
        Assert.True(current.IsHeld);

        // Given back, it is free for the next process.
        await current.ReleaseAsync();
        Assert.False(current.IsHeld);
        await stale.AcquireAsync();
        Assert.True(stale.IsHeld);
    }

    [Fact]
    public async Task A_lease_reads_as_held_while_its_renewal_probe_runs()
    {
        await using var lease = new PostgresWriterLease(await server.CreateDatabaseAsync(), Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresWriterLease>.Instance);
        await lease.AcquireAsync();
        using var done = new CancellationTokenSource();
        var reads = 0;
        var notHeld = 0;
        var watcher = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                reads++;
                if (!lease.IsHeld)
                    notHeld++;
            }
        });

        for (var i = 0; i < 300; i++)
            Assert.True(await lease.RenewAsync());
        await done.CancelAsync();
        await watcher;

        Assert.True(reads > 0);
        Assert.Equal(0, notHeld);
    }

    /// <summary>
    /// Disposing a lease while its renewal probe runs (the app stopping as the leader checks its lease) waits for the
    /// probe, throws nothing, and gives the lease back: another process can take it at once.
    /// </summary>
    [Fact]
    public async Task Disposing_a_lease_during_its_renewal_probe_waits_for_it_and_gives_the_lease_back()
    {
        var database = await server.CreateDatabaseAsync();
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresWriterLease>.Instance;
        for (var i = 0; i < 20; i++)
        {
            var lease = new PostgresWriterLease(database, logger);
            await lease.AcquireAsync();
            var renewing = Task.Run(async () =>
            {
                for (var probe = 0; probe < 5; probe++)
                    await lease.RenewAsync();
            });
            await Task.Delay(i % 4);
            await lease.DisposeAsync();
            // A renewal after the dispose ends without throwing and never takes the lease again.
            await renewing.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(lease.IsHeld);
            Assert.False(await lease.RenewAsync());

            await using var next = new PostgresWriterLease(database, logger);
            await next.AcquireAsync();
            Assert.True(next.IsHeld);
        }
    }

    /// <summary>
    /// A lease given back by dispose is free for the next process at once: the lock is unlocked on its session before
    /// the session closes, since the server ends a closed session's locks only once it has read the close.
    /// </summary>
    [Fact]
    public async Task A_disposed_lease_is_free_for_the_next_taker_at_once()
    {
        var database = await server.CreateDatabaseAsync();
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresWriterLease>.Instance;
        for (var i = 0; i < 200; i++)
        {
            var lease = new PostgresWriterLease(database, logger);
            await lease.AcquireAsync();
            if (i % 2 == 0)
                await lease.DisposeAsync();
            else
                lease.Dispose();

            var next = new PostgresWriterLease(database, logger);
            await next.AcquireAsync();
            Assert.True(next.IsHeld);
            await next.ReleaseAsync();
            await next.DisposeAsync();
        }
    }

    [Fact]
    public async Task On_postgres_orders_trade_and_every_balance_and_the_book_survive_a_restart()
    {
        var database = await server.CreateDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        WalletDto sellerBefore, buyerBefore;
        BookSnapshotMessage bookBefore;
        long sellerKeyOperator, buyerKeyOperator;
        string sellerKey, buyerKey;
        await using (var app = new AppFactory { PostgresConnectionString = database, Folder = folder })
        {
            var seller = await ApiClient.CreateAsync(app, "pg-seller@test.local", dollars: 10, xp: 50_000);
            var buyer = await ApiClient.CreateAsync(app, "pg-buyer@test.local", dollars: 500);
            (sellerKeyOperator, sellerKey, buyerKeyOperator, buyerKey) = (seller.OperatorId, seller.Key, buyer.OperatorId, buyer.Key);

            await PlaceAsync(seller, new { side = "sell", type = "limit", price = 0.0200m, quantity = 30_000 });
            await PlaceAsync(buyer, new { side = "buy", type = "limit", price = 0.0200m, quantity = 10_000 });
            await PlaceAsync(buyer, new { side = "buy", type = "limit", price = 0.0190m, quantity = 5_000, clientOrderId = "resting-bid" });

            var trades = await buyer.Http.GetFromJsonAsync<PageOf<MyTradeDto>>("/api/v1/trades/mine");
            var fill = Assert.Single(trades!.Items);
            Assert.Equal(10_000, fill.Quantity);
            Assert.Equal(0.0200m, fill.Price);

            sellerBefore = (await seller.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
            buyerBefore = (await buyer.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
            bookBefore = (await app.CreateClient().GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book"))!;
            Assert.Equal(20_000, sellerBefore.XpHeld);
            Assert.Equal(10_000, buyerBefore.XpAvailable);
            Assert.Single(bookBefore.Asks);
            Assert.Single(bookBefore.Bids);
        }

        await using var restarted = new AppFactory { PostgresConnectionString = database, Folder = folder };
        var client = restarted.CreateClient();
        await WriterHealth.WaitUntilHealthyAsync(client);
        Assert.Equal(sellerBefore, await WalletAsync(restarted, sellerKey));
        Assert.Equal(buyerBefore, await WalletAsync(restarted, buyerKey));
        var bookAfter = (await client.GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book"))!;
        Assert.True(bookAfter.Sequence >= bookBefore.Sequence, $"{bookAfter.Sequence} after {bookBefore.Sequence}");
        Assert.Equal(bookBefore.Bids, bookAfter.Bids);
        Assert.Equal(bookBefore.Asks, bookAfter.Asks);
        Assert.NotEqual(sellerKeyOperator, buyerKeyOperator);

        // Nothing created or lost: each asset's accounts, sources included, sum to zero.
        await using var db = await restarted.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var wallets = await db.Wallets.AsNoTracking().ToListAsync();
        var system = await db.SystemAccounts.AsNoTracking().ToListAsync();
        Assert.Equal(0L, wallets.Sum(w => w.CashAvailable + w.CashHeld) + system.Where(s => s.Asset == (int)Core.Ledger.Asset.Cash).Sum(s => s.Balance));
        Assert.Equal(0L, wallets.Sum(w => w.XpAvailable + w.XpHeld + w.XpLocked + w.XpUnlocking) + system.Where(s => s.Asset == (int)Core.Ledger.Asset.Xp).Sum(s => s.Balance));
    }

    [Fact]
    public async Task A_writer_that_lost_its_lease_is_fenced_writes_nothing_after_the_new_writer_starts_and_then_follows_it()
    {
        var database = await server.CreateDatabaseAsync();
        await using var old = PausedWriter(database);
        var oldTrader = await ApiClient.CreateAsync(old, "pg-old@test.local", dollars: 100);
        var oldToken = old.Services.GetRequiredService<ExchangeHost>().FencingToken;

        // The old writer's lease session ends (as on a network cut or a long pause), and a new process takes over.
        Assert.Equal(1L, await TerminateLeaseSessionsAsync(database));
        await using var current = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(current.CreateClient());
        Assert.True(current.Services.GetRequiredService<ExchangeHost>().FencingToken > oldToken);

        var stale = await oldTrader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000 });

        Assert.True(stale.StatusCode == HttpStatusCode.ServiceUnavailable, $"{stale.StatusCode}: {await stale.Content.ReadAsStringAsync()}\n{old.ErrorLog}");
        Assert.Equal("writer_moved", (await stale.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await current.CreateClient().GetAsync("/health")).StatusCode);
        await using (var db = await current.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            Assert.Equal(0, await db.Orders.CountAsync());
        var wallet = await WalletAsync(current, oldTrader.Key);
        Assert.Equal(100m, wallet.CashAvailable);
        Assert.Equal(0m, wallet.CashHeld);

        // The old writer then follows the new one: what it is sent from now on, the new writer applies.
        var oldHost = await FollowingAsync(old);
        // It stays a follower past many of its tries at the lease: its own ended session does not count as holding it.
        var currentHost = current.Services.GetRequiredService<ExchangeHost>();
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(50);
            Assert.True(oldHost.Following && oldHost.Status.State == WriterState.Following, $"The old writer stopped following: {oldHost.Status}");
            Assert.True(currentHost.IsWriter, $"The new writer lost the writer: {currentHost.Status}");
        }
        var health = await old.CreateClient().GetAsync("/health");
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"{health.StatusCode}: {await health.Content.ReadAsStringAsync()}");
        var followed = await oldTrader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000 });
        Assert.True(followed.StatusCode == HttpStatusCode.Created, $"{followed.StatusCode}: {await followed.Content.ReadAsStringAsync()}");
        await using (var db = await current.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await db.Orders.CountAsync());
    }

    /// <summary>
    /// Requests that reach a writer as it learns it lost the writer and turns follower are each answered: applied once
    /// (201, by the new writer), or refused with 503 and applied nothing. None waits on the old writer's queue, which
    /// nothing reads any more, and none is a 500.
    /// </summary>
    [Fact]
    public async Task Requests_racing_a_writers_switch_to_follower_are_each_applied_once_or_refused_and_none_waits()
    {
        var database = await server.CreateDatabaseAsync();
        await using var old = PausedWriter(database);
        var trader = await ApiClient.CreateAsync(old, "pg-race@test.local", dollars: 1_000);
        Assert.Equal(1L, await TerminateLeaseSessionsAsync(database));
        await using var current = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(current.CreateClient());

        // Sent over the switch: the first meets the fence, the others arrive while the old writer closes its loop,
        // lets go of its lease and starts following.
        var sent = new List<Task<(HttpStatusCode Status, string Body)>>();
        for (var i = 0; i < 24; i++)
        {
            sent.Add(PostWithinAsync(trader, new { side = "buy", type = "limit", price = 0.0100m, quantity = 100 + i }));
            await Task.Delay(15);
        }
        var answers = await Task.WhenAll(sent);

        foreach (var (status, body) in answers)
        {
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{status}: {body}\n{old.ErrorLog}");
            if (status == HttpStatusCode.ServiceUnavailable)
                Assert.Contains(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(),
                    new[] { "writer_moved", "leader_unavailable", "exchange_unavailable" });
        }
        var applied = answers.Count(a => a.Status == HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        int rows;
        do
        {
            await using var db = await current.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            rows = await db.Orders.CountAsync();
        } while (rows != applied && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.Equal(applied, rows);
    }

    /// <summary>
    /// A writer whose result tables' write meets the fence (it answered an order, and another process took the writer
    /// before those rows were written) follows the new writer at once, which wrote that order from the journal: reads
    /// on the old node work again, and what it is sent is applied by the new writer.
    /// </summary>
    [Fact]
    public async Task A_writer_whose_projection_meets_the_fence_follows_the_new_writer_at_once()
    {
        var database = await server.CreateDatabaseAsync();
        await using var old = PausedWriter(database);
        var trader = await ApiClient.CreateAsync(old, "pg-fenced-projection@test.local", dollars: 100);
        var oldHost = old.Services.GetRequiredService<ExchangeHost>();
        AppFactory current;
        using (await oldHost.HoldProjectionAsync())
        {
            var placed = await old.Services.GetRequiredService<TradingService>().PlaceAsync(trader.OperatorId,
                new PlaceOrderRequest(Core.Matching.Side.Buy, Core.Matching.OrderType.Limit, 0.0200m, 1_000));
            Assert.True(placed.Succeeded, placed.ErrorMessage);
            Assert.Equal(1L, await TerminateLeaseSessionsAsync(database));
            current = new AppFactory { PostgresConnectionString = database };
            await WriterHealth.WaitUntilHealthyAsync(current.CreateClient());
        }
        await using var _ = current;
        // The held rows are written now, and meet the fence: the old projection stops.
        await Assert.ThrowsAsync<ExchangeStoppedException>(() => oldHost.Projection.CaughtUpAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        // Without any request to meet the fence, the old writer notices it through its projection and follows.
        await FollowingAsync(old);

        // Reads on the old node work again, and what it is sent goes to the new writer.
        var mine = await trader.Http.GetAsync("/api/v1/orders");
        Assert.True(mine.StatusCode == HttpStatusCode.OK, $"{mine.StatusCode}: {await mine.Content.ReadAsStringAsync()}\n{old.ErrorLog}");
        var next = await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 2_000 });
        Assert.True(next.StatusCode == HttpStatusCode.Created, $"{next.StatusCode}: {await next.Content.ReadAsStringAsync()}\n{old.ErrorLog}");
        await using var db = await current.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(new long[] { 1_000, 2_000 }, await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Quantity).ToListAsync());
    }

    // A writer that is paused or cut off: it does not take its lease back (for an hour) before a new writer starts.
    private static AppFactory PausedWriter(string database)
    {
        var app = new AppFactory { PostgresConnectionString = database };
        app.Settings["Cluster:LeaseRenewInterval"] = "01:00:00";
        return app;
    }

    // Waits (up to 15 s) until the app's exchange follows another writer, and returns it.
    private static async Task<ExchangeHost> FollowingAsync(AppFactory app)
    {
        var host = app.Services.GetRequiredService<ExchangeHost>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(host.Following && host.Status.State == WriterState.Following) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(host.Following && host.Status.State == WriterState.Following, $"The old writer did not follow: {host.Status}\n{app.ErrorLog}");
        return host;
    }

    // One order, answered within 60 s (a request left on a queue nothing reads would wait for ever).
    private static async Task<(HttpStatusCode Status, string Body)> PostWithinAsync(ApiClient trader, object order)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await trader.Http.PostAsJsonAsync("/api/v1/orders", order, timeout.Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
    }

    // Ends the writer lease's session on the server and waits for it to exit. Returns how many ended.
    private Task<long> TerminateLeaseSessionsAsync(string database) => server.EndLeaseHolderAsync(database);

    private static async Task PlaceAsync(ApiClient trader, object order)
    {
        var response = await trader.Http.PostAsJsonAsync("/api/v1/orders", order);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<WalletDto> WalletAsync(AppFactory app, string key)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return (await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
    }
}
