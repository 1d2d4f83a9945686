using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>
/// Every field of an order record agrees with what happened to the order, after any sequence of amends and fills:
/// quantity = filled + remaining while it rests, its status matches its fills, its fills add up to its trades, and
/// the limit it last traded under is the one recorded.
/// </summary>
public class OrderRecordPropertyTests
{
    [Fact]
    public async Task Amended_order_that_trades_at_its_new_price_records_that_price()
    {
        await using var app = new AppFactory();
        var (bidder, seller) = (await FundedAsync(app, "amend-bid@test.local"), await FundedAsync(app, "amend-ask@test.local"));
        var trading = app.Services.GetRequiredService<TradingService>();
        var bid = (await trading.PlaceAsync(bidder, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0105m, 100))).Outcome!.OrderId;
        await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0115m, 100));

        var amended = await trading.AmendAsync(bidder, bid, null, 0.0115m);

        Assert.Equal(100, amended.Outcome!.FilledQuantity);
        var order = await OrderAsync(app, bid);
        Assert.Equal((115L, OrderStatus.Filled, 100L, 100L, 0L), (order.PriceTicks, order.Status, order.Quantity, order.Filled, order.Remaining));
    }

    [Fact]
    public Task Order_records_satisfy_their_invariants_after_any_amends_and_fills() =>
        Gen.Int[0, int.MaxValue].SampleAsync(async seed =>
        {
            await using var app = new AppFactory();
            var operators = new[] { await FundedAsync(app, "p1@test.local"), await FundedAsync(app, "p2@test.local"), await FundedAsync(app, "p3@test.local") };
            var trading = app.Services.GetRequiredService<TradingService>();
            var random = new Random(seed);
            var placed = new List<(long Operator, long Order)>();
            for (var i = 0; i < 150; i++)
            {
                var op = operators[random.Next(operators.Length)];
                var price = 0.0195m + random.Next(0, 11) * 0.0001m;
                if (placed.Count == 0 || random.Next(3) == 0)
                {
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    var result = await trading.PlaceAsync(op, new PlaceOrderRequest(side, OrderType.Limit, price, random.Next(1, 200)));
                    if (result.Outcome is { Accepted: true, OrderId: > 0 } outcome)
                        placed.Add((op, outcome.OrderId));
                }
                else
                {
                    var (owner, order) = placed[random.Next(placed.Count)];
                    await trading.AmendAsync(owner, order, random.Next(3) == 0 ? null : random.Next(1, 200), random.Next(3) == 0 ? null : price);
                }
            }
            await AssertRecordsAsync(app, seed);
        }, iter: 3, threads: 1);

    private static async Task AssertRecordsAsync(AppFactory app, int seed)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var orders = await db.Orders.AsNoTracking().ToListAsync();
        var trades = await db.Trades.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        var host = app.Services.GetRequiredService<ExchangeHost>();
        var book = await host.ExecuteAsync(session =>
        {
            var list = new List<OrderView>();
            session.Engine.CopyOrders(list);
            return list.ToDictionary(o => o.OrderId);
        });
        foreach (var o in orders)
        {
            var mine = trades.Where(t => t.MakerOrderId == o.Id || t.TakerOrderId == o.Id).ToList();
            var why = $"seed {seed}, order {o.Id}: {o.Status} q={o.Quantity} f={o.Filled} r={o.Remaining} p={o.PriceTicks}";
            Assert.True(mine.Sum(t => t.Quantity) == o.Filled, why + " — fills do not add up to its trades");
            Assert.True(o.Filled <= o.Quantity, why);
            switch (o.Status)
            {
                case OrderStatus.Open:
                    Assert.True(o.Filled == 0 && o.Remaining == o.Quantity && o.Remaining > 0, why);
                    break;
                case OrderStatus.PartiallyFilled:
                    Assert.True(o.Filled > 0 && o.Remaining > 0 && o.Filled + o.Remaining == o.Quantity, why);
                    break;
                case OrderStatus.Filled:
                    Assert.True(o.Remaining == 0 && o.Filled == o.Quantity, why);
                    // Nothing changes an order after its last fill, so that fill was under the recorded limit.
                    var last = mine[^1];
                    Assert.True(o.Side == (int)Side.Buy ? last.PriceTicks <= o.PriceTicks : last.PriceTicks >= o.PriceTicks, why + $" — last fill at {last.PriceTicks}");
                    break;
                case OrderStatus.Cancelled:
                    Assert.True(o.Remaining == 0, why);
                    break;
            }
            var resting = o.Status is OrderStatus.Open or OrderStatus.PartiallyFilled;
            Assert.True(resting == book.ContainsKey(o.Id), why + " — book and record disagree on whether it rests");
            if (resting)
                Assert.True(book[o.Id].Remaining.Units == o.Remaining && book[o.Id].Price.Ticks == o.PriceTicks, why + " — book and record disagree");
        }
    }

    private static async Task<long> FundedAsync(AppFactory app, string email)
    {
        var id = await Integration.Operators.CreateAsync(app.Services, email);
        await Integration.Operators.FundAsync(app.Services, id, 10_000, 100_000);
        return id;
    }

    private static async Task<OrderRecord> OrderAsync(AppFactory app, long id)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == id);
    }
}
