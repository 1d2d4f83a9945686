using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

// Each test gets its own app and database: tests that share a book would trade with each other's orders.
public sealed class ExchangeHostTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private IServiceProvider Services => _factory.Services;

    [Fact]
    public async Task A_trade_is_durable_before_it_is_published()
    {
        var seller = await Operators.CreateAsync(Services, "host-seller@test.local");
        var buyer = await Operators.CreateAsync(Services, "host-buyer@test.local");
        await Operators.FundAsync(Services, seller, 0, 1_000);
        await Operators.FundAsync(Services, buyer, 100, 0);
        var trading = Services.GetRequiredService<TradingService>();
        var feed = Services.GetRequiredService<ExchangeFeed>();
        var published = new TaskCompletionSource<(long Journaled, long Trades)>();
        using var subscription = feed.Subscribe(e =>
        {
            if (e is TradesExecuted trades)
            {
                // Durable when published: the command that traded is in the journal already (read at once, without
                // waiting), and a reader of the trades table is handed the table once it holds the trade.
                var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
                using var db = factory.CreateDbContext();
                var journaled = db.Journal.Count(j => j.Type == "order.submit" && j.Sequence == db.Journal.Max(x => x.Sequence));
                _ = Task.Run(async () =>
                {
                    await using var reader = await factory.CreateDbContextAsync();
                    published.TrySetResult((journaled, await reader.Trades.CountAsync(t => t.Id == trades.Fills[0].TradeId)));
                });
            }
        });

        var sell = await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 500));
        var buy = await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 200));

        Assert.True(sell.Succeeded, sell.ErrorMessage);
        Assert.True(buy.Succeeded);
        Assert.Single(buy.Outcome!.Fills);
        Assert.Equal((1L, 1L), await published.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        await using var check = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var sellRow = await check.Orders.SingleAsync(o => o.Id == sell.Outcome!.OrderId);
        Assert.Equal(OrderStatus.PartiallyFilled, sellRow.Status);
        Assert.Equal(300, sellRow.Remaining);
        Assert.Equal(200, sellRow.Filled);
        var buyRow = await check.Orders.SingleAsync(o => o.Id == buy.Outcome!.OrderId);
        Assert.Equal(OrderStatus.Filled, buyRow.Status);
        var buyerWallet = await check.Wallets.SingleAsync(w => w.Id == buyer);
        Assert.Equal(200, buyerWallet.XpAvailable);
        // 200 XP at $0.015 = $3.00, taker fee 0.10% = $0.003. (All tests here trade at $0.015, inside each other's band.)
        Assert.Equal(100_000_000 - 3_000_000 - 3_000, buyerWallet.CashAvailable);
        Assert.Equal(0, buyerWallet.CashHeld);
    }

    [Fact]
    public async Task Balances_on_disk_equal_the_sum_of_the_postings_on_disk()
    {
        var a = await Operators.CreateAsync(Services, "postings-a@test.local");
        var b = await Operators.CreateAsync(Services, "postings-b@test.local");
        await Operators.FundAsync(Services, a, 50, 2_000);
        await Operators.FundAsync(Services, b, 50, 2_000);
        var trading = Services.GetRequiredService<TradingService>();
        await trading.PlaceAsync(a, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 700));
        await trading.PlaceAsync(b, new PlaceOrderRequest(Side.Buy, OrderType.Market, null, 300, TimeInForce.Ioc));
        await trading.PlaceAsync(b, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0145m, 100));

        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        foreach (var id in new[] { a, b })
        {
            var wallet = await db.Wallets.SingleAsync(w => w.Id == id);
            Assert.Equal(wallet.CashAvailable, await NetAsync(db, id, Asset.Cash, AccountKind.Available));
            Assert.Equal(wallet.CashHeld, await NetAsync(db, id, Asset.Cash, AccountKind.Held));
            Assert.Equal(wallet.XpAvailable, await NetAsync(db, id, Asset.Xp, AccountKind.Available));
            Assert.Equal(wallet.XpHeld, await NetAsync(db, id, Asset.Xp, AccountKind.Held));
        }
    }

    [Fact]
    public async Task Invalid_order_is_refused_before_the_engine_and_changes_nothing()
    {
        var op = await Operators.CreateAsync(Services, "invalid@test.local");
        await Operators.FundAsync(Services, op, 10, 0);
        var trading = Services.GetRequiredService<TradingService>();

        var result = await trading.PlaceAsync(op, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.00005m, 10));

        Assert.False(result.Succeeded);
        Assert.Contains("0.0001 tick", result.ErrorMessage);
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Orders.AnyAsync(o => o.OperatorId == op));
        Assert.Equal(10_000_000, (await db.Wallets.SingleAsync(w => w.Id == op)).CashAvailable);
    }

    [Fact]
    public async Task A_failing_unit_of_work_rolls_back_its_batch_and_memory_follows_the_database()
    {
        var op = await Operators.CreateAsync(Services, "rollback@test.local");
        await Operators.FundAsync(Services, op, 5, 0);
        var host = Services.GetRequiredService<ExchangeHost>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExecuteAsync<bool>(session =>
        {
            session.Ledger.Deposit(op, 7_000_000, 0);
            throw new InvalidOperationException("broken invariant");
        }));

        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(5_000_000, (await db.Wallets.SingleAsync(w => w.Id == op)).CashAvailable);
        var inMemory = await host.ExecuteAsync(session => session.Ledger.Balance(AccountId.CashAvailable(op)));
        Assert.Equal(5_000_000, inMemory);
    }

    [Fact]
    public async Task A_failing_unit_of_work_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var op = await Operators.CreateAsync(Services, "alone@test.local");
        await Operators.FundAsync(Services, op, 5, 1_000);
        var host = Services.GetRequiredService<ExchangeHost>();
        var trading = Services.GetRequiredService<TradingService>();
        using var gate = new ManualResetEventSlim();

        // Hold the writer so that everything queued meanwhile drains into one batch.
        var holder = host.ExecuteAsync(_ => gate.Wait(TimeSpan.FromSeconds(10)));
        var before = host.ExecuteAsync(session => session.Ledger.Deposit(op, 1_000_000, 0).Succeeded);
        var failing = host.ExecuteAsync<bool>(session =>
        {
            session.Ledger.Deposit(op, 7_000_000, 0);
            throw new InvalidOperationException("broken invariant");
        });
        var order = trading.PlaceAsync(op, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 100));
        gate.Set();

        Assert.True(await holder);
        Assert.True(await before);
        Assert.Equal("broken invariant", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.True((await order).Succeeded);
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(6_000_000, (await db.Wallets.SingleAsync(w => w.Id == op)).CashAvailable);
        Assert.Equal(100, (await db.Wallets.SingleAsync(w => w.Id == op)).XpHeld);
        Assert.Equal(6_000_000, await host.ExecuteAsync(session => session.Ledger.Balance(AccountId.CashAvailable(op))));
        // The order was journaled in the second run, numbered on from the rolled-back sequence: no gap, no repeat.
        var sequences = await db.Journal.OrderBy(j => j.Sequence).Select(j => j.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(host.JournalSequence, sequences[^1]);
    }

    private static async Task<long> NetAsync(AppDbContext db, long owner, Asset asset, AccountKind kind)
    {
        var credits = await db.Postings.Where(p => p.ToOwner == owner && p.ToAsset == (int)asset && p.ToKind == (int)kind).SumAsync(p => p.Amount);
        var debits = await db.Postings.Where(p => p.FromOwner == owner && p.FromAsset == (int)asset && p.FromKind == (int)kind).SumAsync(p => p.Amount);
        return credits - debits;
    }
}
