using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Epochs;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>
/// A client order id answers retries with its first outcome for the idempotency retention (24 h), across restarts;
/// after it the id is new again, and the engine's and the table's copies are dropped, so neither grows without bound.
/// </summary>
public sealed class ClientOrderIdRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Client_order_ids_answer_retries_across_a_restart_and_expire_after_the_retention()
    {
        var clock = new TestClock(Start);
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        long trader, firstId;
        await using (var first = new ClockedAppFactory(clock) { Folder = folder })
        {
            trader = await Operators.CreateAsync(first.Services, "cid-retention@test.local");
            await Operators.FundAsync(first.Services, trader, 1_000, 0);
            var trading = first.Services.GetRequiredService<TradingService>();
            firstId = (await trading.PlaceAsync(trader, Bid(10, "kept"))).Outcome!.OrderId;
            Assert.True((await trading.CancelAsync(trader, firstId)).Succeeded);
            Assert.True((await trading.PlaceAsync(trader, Bid(10, "resting"))).Succeeded);
            var goneId = (await trading.PlaceAsync(trader, Bid(3, "gone"))).Outcome!.OrderId;
            Assert.True((await trading.CancelAsync(trader, goneId)).Succeeded);
        }

        clock.Advance(TimeSpan.FromHours(23));
        await using var second = new ClockedAppFactory(clock) { Folder = folder };
        var restarted = second.Services.GetRequiredService<TradingService>();
        await second.Services.GetRequiredService<ExchangeHost>().Ready;

        // 23 h later, after a restart: a retry is answered with the first order, other terms are refused.
        var retry = (await restarted.PlaceAsync(trader, Bid(10, "kept"))).Outcome!;
        Assert.True(retry.IsRepeat);
        Assert.Equal(firstId, retry.OrderId);
        Assert.Equal(RejectReason.DuplicateClientOrderId, (await restarted.PlaceAsync(trader, Bid(11, "kept"))).Outcome!.RejectReason);

        // Past 24 h the id is new again: a placement with it is a new order, not the cancelled one.
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var reused = (await restarted.PlaceAsync(trader, Bid(11, "kept"))).Outcome!;
        Assert.True(reused.Accepted);
        Assert.False(reused.IsRepeat);
        Assert.NotEqual(firstId, reused.OrderId);

        // The resting order's id stays taken; the stored copy of an expired id whose order left the book is deleted
        // (the purge runs with a batch, once a minute).
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await restarted.PlaceAsync(trader, Bid(1, null))).Succeeded);
        var factory = second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var stored = await db.ClientOrders.AsNoTracking().Where(c => c.OperatorId == trader).Select(c => new { c.ClientOrderId, c.OrderId }).ToListAsync();
        Assert.Equal([("kept", true), ("resting", false)],
            stored.OrderBy(s => s.ClientOrderId).Select(s => (s.ClientOrderId, s.OrderId == reused.OrderId)).ToList());
        var stillResting = (await restarted.PlaceAsync(trader, Bid(10, "resting"))).Outcome!;
        Assert.True(stillResting.IsRepeat);
        Assert.False((await restarted.PlaceAsync(trader, Bid(3, "gone"))).Outcome!.IsRepeat);
    }

    private static PlaceOrderRequest Bid(long quantity, string? clientOrderId) =>
        new(Side.Buy, OrderType.Limit, 0.0200m, quantity, ClientOrderId: clientOrderId);
}
