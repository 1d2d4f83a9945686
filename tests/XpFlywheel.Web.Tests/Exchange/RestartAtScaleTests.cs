using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>
/// The app restarts on a database of any size: every balance, the book and the invariants come back as they were.
/// The ledger starts with room for 64 operators and the engine for 4,096 orders, so this runs far beyond both.
/// </summary>
public class RestartAtScaleTests
{
    private const int FundedOperators = 1_000;
    private const int Traders = 600;

    [Fact]
    public async Task App_restarts_on_a_database_with_a_thousand_funded_operators_and_their_open_orders()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        string before;
        await using (var first = new AppFactory { Folder = folder })
        {
            var services = first.Services;
            var host = services.GetRequiredService<ExchangeHost>();
            await host.Ready;
            var ids = await InsertOperatorsAsync(services, FundedOperators);
            await Task.WhenAll(ids.Select(id => host.ExecuteAsync(session =>
            {
                session.Ledger.Deposit(id, Cash.FromDollars(1_000 + id % 7).Micros, 0);
                return session.Ledger.Emit(id, 50_000 + id % 11, PostingReason.Emission, 0);
            })));

            // Many operators rest orders on both sides (some trade, some partly fill), so the book holds thousands.
            var trading = services.GetRequiredService<TradingService>();
            var placed = await Task.WhenAll(ids.Take(Traders).SelectMany((id, i) => new[]
            {
                trading.PlaceAsync(id, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0180m + (i % 15) * 0.0001m, 10 + i % 40)),
                trading.PlaceAsync(id, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0196m + (i % 15) * 0.0001m, 12 + i % 30)),
                trading.PlaceAsync(id, new PlaceOrderRequest(i % 2 == 0 ? Side.Buy : Side.Sell, OrderType.Limit, 0.0194m + (i % 5) * 0.0001m, 5 + i % 9)),
            }));
            Assert.All(placed, result => Assert.True(result.Succeeded, result.ErrorMessage));
            Assert.True(await host.ExecuteAsync(session => session.Engine.OrderCount) > 1_000);
            Assert.Null(await host.ExecuteAsync(session => session.Engine.CheckInvariants()));
            before = await StateAsync(services);
        }

        await using var second = new AppFactory { Folder = folder };
        var restarted = second.Services.GetRequiredService<ExchangeHost>();
        await restarted.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(await restarted.ExecuteAsync(session => session.Engine.CheckInvariants()));
        Assert.Equal(FundedOperators, await restarted.ExecuteAsync(session => session.Ledger.Operators.Count));
        Assert.Equal(before, await StateAsync(second.Services));

        // A failed unit of work rolls back and reloads the whole state from the database: at this size too.
        await Assert.ThrowsAsync<InvalidOperationException>(() => restarted.ExecuteAsync<int>(_ => throw new InvalidOperationException("failing on purpose")));
        Assert.Equal(before, await StateAsync(second.Services));

        // And it keeps trading: a market buy sweeps the restored asks.
        var buyer = (await InsertOperatorsAsync(second.Services, 1))[0];
        await restarted.ExecuteAsync(session => session.Ledger.Deposit(buyer, Cash.FromDollars(100).Micros, 0));
        var sweep = await second.Services.GetRequiredService<TradingService>()
            .PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Market, null, 500, TimeInForce.Ioc));
        Assert.True(sweep.Succeeded, sweep.ErrorMessage);
        Assert.NotEmpty(sweep.Outcome!.Fills);
        Assert.Null(await restarted.ExecuteAsync(session => session.Engine.CheckInvariants()));
    }

    // Users and wallet rows straight into the app's tables: signing 1,000 people up through password hashing
    // would take minutes and tests nothing this test is about.
    private static async Task<long[]> InsertOperatorsAsync(IServiceProvider services, int count)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var wallets = new List<Wallet>();
        for (var i = 0; i < count; i++)
        {
            var email = $"scale-{Guid.NewGuid():N}@test.local";
            var user = new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Users.Add(user);
            var wallet = new Wallet { UserId = user.Id, User = user };
            db.Wallets.Add(wallet);
            wallets.Add(wallet);
        }
        await db.SaveChangesAsync();
        return [.. wallets.Select(w => w.Id)];
    }

    private static async Task<string> StateAsync(IServiceProvider services)
    {
        var host = services.GetRequiredService<ExchangeHost>();
        var memory = await host.ExecuteAsync(session =>
        {
            var balances = string.Join(";", session.Ledger.Balances().Select(b => $"{b.Key}={b.Value}").Order(StringComparer.Ordinal));
            var orders = new List<OrderView>();
            session.Engine.CopyOrders(orders);
            return balances + " || " + string.Join(";", orders.Select(o => $"{o.OrderId}:{o.OperatorId}:{o.Side}:{o.Price.Ticks}:{o.Remaining.Units}:{o.Held}"));
        });
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var wallets = await db.Wallets.OrderBy(w => w.Id)
            .Select(w => $"{w.Id}:{w.CashAvailable}/{w.CashHeld}/{w.XpAvailable}/{w.XpHeld}/{w.XpLocked}/{w.XpUnlocking}").ToListAsync();
        var book = services.GetRequiredService<ExchangeFeed>().Book;
        return memory + " || " + string.Join(";", wallets) + " || " + string.Join(",", book.Bids) + " / " + string.Join(",", book.Asks) + " last " + book.LastPrice;
    }
}
