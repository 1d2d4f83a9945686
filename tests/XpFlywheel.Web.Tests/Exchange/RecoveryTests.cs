using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

public class RecoveryTests
{
    private const int Operators = 4;

    [SqliteTheory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task A_restarted_host_continues_exactly_like_one_that_never_stopped(int seed)
    {
        var random = new Random(seed);
        var first = RandomCommands(random, 150);
        var second = RandomCommands(random, 150);

        // Host that never stops: both halves in one life.
        await using var steady = new AppFactory();
        await PopulateAsync(steady.Services);
        await RunAsync(steady.Services, first);
        var expected = await RunAsync(steady.Services, second);

        // Host that stops between the halves and is rebuilt from its database.
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        await using (var before = new FolderFactory(folder))
        {
            await PopulateAsync(before.Services);
            await RunAsync(before.Services, first);
        }
        await using var after = new FolderFactory(folder);
        await after.Services.GetRequiredService<ExchangeHost>().Ready;
        var actual = await RunAsync(after.Services, second);

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(Describe(expected[i]), Describe(actual[i]));
        Assert.Equal(await StateAsync(steady.Services), await StateAsync(after.Services));
    }

    [SqliteTheory]
    [InlineData(11)]
    [InlineData(4242)]
    public async Task Commands_answered_before_their_results_were_written_are_replayed_from_the_journal_at_start(int seed)
    {
        var random = new Random(seed);
        var first = RandomCommands(random, 120);
        var second = RandomCommands(random, 120);
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        var crashed = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(crashed);

        await using var live = new FolderFactory(folder);
        await PopulateAsync(live.Services);
        await RunAsync(live.Services, first);
        var host = live.Services.GetRequiredService<ExchangeHost>();
        var ids = await OperatorIdsAsync(live.Services);
        await host.Projection.CaughtUpAsync();
        long checkpoint, journaled;
        using (await host.HoldProjectionAsync())
        {
            checkpoint = host.Projection.Projected;
            // Orders only: they are answered from the writer's state, without reading the tables that wait here.
            var outcomes = await RunAsync(live.Services, second, ids);
            Assert.NotEmpty(outcomes);
            Assert.True(host.Projection.Lag > 0, "the trading commands were answered before their results were written");
            // The database as a crash at this moment leaves it: every answered command journaled, results behind.
            await using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "app.db")};Pooling=False");
            await using var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(crashed, "app.db")};Pooling=False");
            source.Open();
            source.BackupDatabase(target);
            journaled = host.JournalSequence;
        }
        await host.Projection.CaughtUpAsync();
        var expected = await TablesAsync(live.Services);

        await using var restarted = new FolderFactory(crashed);
        var again = restarted.Services.GetRequiredService<ExchangeHost>();
        await again.Ready;
        // From the checkpoint at the crash (a background command written with its results may have moved it since the hold).
        Assert.InRange(again.Start!.ReplayedFrom, checkpoint, journaled - 1);
        Assert.Equal(journaled - again.Start.ReplayedFrom, again.Start.Replayed);
        Assert.Equal(journaled, again.Start.JournalSequence);
        Assert.Equal(expected, await TablesAsync(restarted.Services));
        Assert.Equal(await StateAsync(live.Services), await StateAsync(restarted.Services));
    }

    // Every result row the projection writes, column by column; its checkpoint is the one the host reports. A background
    // command (a trust refresh, the epoch service) may commit while the tables are read: read again until the host's
    // checkpoint is the same before and after the read and equal to the one read.
    private static async Task<string> TablesAsync(IServiceProvider services)
    {
        var projection = services.GetRequiredService<ExchangeHost>().Projection;
        for (var attempt = 1; ; attempt++)
        {
            var before = projection.Projected;
            var (tables, read) = await TablesOnceAsync(services);
            if (before == read && projection.Projected == read)
                return tables;
            if (attempt == 20)
                Assert.Fail($"The host's checkpoint kept moving while the tables were read ({before} → {projection.Projected}, read {read}).");
            await projection.CaughtUpAsync();
        }
    }

    private static async Task<(string Tables, long Checkpoint)> TablesOnceAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var parts = new List<string>();
        parts.AddRange(await db.Orders.OrderBy(o => o.Id).Select(o =>
            $"o{o.Id}:{o.OperatorId}:{o.Side}:{o.Type}:{o.TimeInForce}:{o.PostOnly}:{o.PriceTicks}:{o.Quantity}:{o.Remaining}:{o.Filled}:{o.Held}:{o.Sequence}:{o.Status}:{o.CancelReason}:{o.ClientOrderId}:{o.CreatedAt:O}:{o.UpdatedAt:O}").ToListAsync());
        parts.AddRange(await db.Trades.OrderBy(t => t.Id).Select(t =>
            $"t{t.Id}:{t.MakerOrderId}:{t.TakerOrderId}:{t.PriceTicks}:{t.Quantity}:{t.TakerFee}:{t.MakerFee}:{t.ExecutedAt:O}:{t.Sequence}").ToListAsync());
        parts.AddRange(await db.Postings.OrderBy(p => p.Sequence).Select(p =>
            $"p{p.Sequence}:{p.FromOwner}:{p.FromKind}:{p.ToOwner}:{p.ToKind}:{p.Amount}:{p.Reason}:{p.Reference}:{p.At:O}").ToListAsync());
        parts.AddRange(await db.Wallets.OrderBy(w => w.Id).Select(w =>
            $"w{w.Id}:{w.CashAvailable}/{w.CashHeld}/{w.XpAvailable}/{w.XpHeld}/{w.XpLocked}/{w.XpUnlocking}").ToListAsync());
        parts.AddRange(await db.SystemAccounts.OrderBy(a => a.Kind).Select(a => $"s{a.Kind}:{a.Balance}").ToListAsync());
        parts.AddRange(await db.ClientOrders.OrderBy(c => c.OperatorId).ThenBy(c => c.ClientOrderId).Select(c =>
            $"c{c.OperatorId}:{c.ClientOrderId}:{c.Status}:{c.RejectReason}:{c.OrderId}:{c.At:O}").ToListAsync());
        var state = await db.MarketState.SingleAsync();
        parts.Add($"m{state.LastPriceTicks}:{state.NextOrderId}:{state.NextTradeId}:{state.NextSequence}:{state.NextPostingSequence}:{state.Halted}");
        return (string.Join("\n", parts), state.ProjectedSequence);
    }

    private static async Task PopulateAsync(IServiceProvider services)
    {
        for (var i = 1; i <= Operators; i++)
        {
            var id = await Integration.Operators.CreateAsync(services, $"recovery-{i}@test.local");
            await Integration.Operators.FundAsync(services, id, 1_000, 50_000);
        }
    }

    private static async Task<long[]> OperatorIdsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Wallets.Where(w => w.User!.Email!.StartsWith("recovery-")).OrderBy(w => w.Id).Select(w => w.Id).ToArrayAsync();
    }

    private static async Task<List<OrderOutcome>> RunAsync(IServiceProvider services, List<Func<TradingService, long[], Task<TradeResult>>> commands,
        long[]? operatorIds = null)
    {
        var trading = services.GetRequiredService<TradingService>();
        var ids = operatorIds ?? await OperatorIdsAsync(services);
        var outcomes = new List<OrderOutcome>();
        foreach (var command in commands)
        {
            var result = await command(trading, ids);
            if (result.Outcome is { } outcome)
                outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static List<Func<TradingService, long[], Task<TradeResult>>> RandomCommands(Random random, int count)
    {
        var commands = new List<Func<TradingService, long[], Task<TradeResult>>>();
        for (var i = 0; i < count; i++)
        {
            var who = random.Next(Operators);
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var price = 0.0190m + random.Next(0, 21) * 0.0001m;
            var quantity = random.Next(1, 400);
            var roll = random.Next(100);
            var orderId = random.Next(1, 40);
            var clientId = random.Next(5) == 0 ? $"c{random.Next(30)}" : null;
            commands.Add(roll switch
            {
                < 50 => (t, ids) => t.PlaceAsync(ids[who], new PlaceOrderRequest(side, OrderType.Limit, price, quantity, ClientOrderId: clientId)),
                < 58 => (t, ids) => t.PlaceAsync(ids[who], new PlaceOrderRequest(side, OrderType.Limit, price, quantity, TimeInForce.Ioc)),
                < 63 => (t, ids) => t.PlaceAsync(ids[who], new PlaceOrderRequest(side, OrderType.Limit, price, quantity, TimeInForce.Fok)),
                < 68 => (t, ids) => t.PlaceAsync(ids[who], new PlaceOrderRequest(side, OrderType.Limit, price, quantity, PostOnly: true)),
                < 75 => (t, ids) => t.PlaceAsync(ids[who], new PlaceOrderRequest(side, OrderType.Market, null, quantity, TimeInForce.Ioc)),
                < 90 => (t, ids) => t.CancelAsync(ids[who], orderId),
                < 98 => (t, ids) => t.AmendAsync(ids[who], orderId, quantity, random.Next(2) == 0 ? price : null),
                _ => (t, ids) => t.CancelAllAsync(ids[who]),
            });
        }
        return commands;
    }

    private static string Describe(OrderOutcome outcome) =>
        $"{outcome.Accepted} {outcome.RejectReason} #{outcome.OrderId} filled {outcome.FilledQuantity} resting {outcome.RestingQuantity} " +
        $"fills [{string.Join(", ", outcome.Fills)}] cancelled [{string.Join(", ", outcome.Cancelled)}]";

    private static async Task<string> StateAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var wallets = await db.Wallets.OrderBy(w => w.Id)
            .Select(w => $"{w.Id}:{w.CashAvailable}/{w.CashHeld}/{w.XpAvailable}/{w.XpHeld}").ToListAsync();
        var open = await db.Orders.Where(o => o.Status == Data.Entities.OrderStatus.Open || o.Status == Data.Entities.OrderStatus.PartiallyFilled)
            .OrderBy(o => o.Sequence).Select(o => $"{o.Id}:{o.Side}:{o.PriceTicks}:{o.Remaining}:{o.Held}").ToListAsync();
        var book = services.GetRequiredService<ExchangeFeed>().Book;
        return string.Join(" | ", wallets) + " || " + string.Join(" | ", open) + " || " +
            string.Join(",", book.Bids) + " / " + string.Join(",", book.Asks) + " last " + book.LastPrice;
    }

    private sealed class FolderFactory(string folder) : AppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "app.db")}");
            builder.UseSetting("DataProtection:KeysFolder", Path.Combine(folder, "keys"));
        }
    }
}
