using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// Candles over the whole history: with startTime or endTime, <c>/api/v1/market/candles</c> aggregates the trade table,
/// and gives the same candles as the live in-memory series for the trades both hold.
/// </summary>
public sealed class CandleHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 58, 30, TimeSpan.Zero);
    private readonly TestClock _clock = new(Start);
    private readonly ClockedAppFactory _app;

    public CandleHistoryTests() => _app = new ClockedAppFactory(_clock);

    public void Dispose() => _app.Dispose();

    // Trades at different prices across minute, five-minute, hour and day boundaries.
    private async Task TradeAcrossBucketsAsync()
    {
        var seller = await ApiClient.CreateAsync(_app, "candles-seller@test.local", xp: 10_000);
        var buyer = await ApiClient.CreateAsync(_app, "candles-buyer@test.local", dollars: 1_000);
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.Created, (await seller.Http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", price = 0.0200m + i * 0.0001m, quantity = 50 })).StatusCode);
        foreach (var (wait, quantity) in new[] { (0, 20), (20, 40), (50, 15), (240, 30), (3_600, 45), (30, 10), (86_400, 60), (10, 25) })
        {
            _clock.Advance(TimeSpan.FromSeconds(wait));
            Assert.Equal(HttpStatusCode.Created, (await buyer.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "market", quantity })).StatusCode);
        }
    }

    [Fact]
    public async Task Candles_from_the_trade_table_equal_the_live_series_for_every_interval()
    {
        await TradeAcrossBucketsAsync();
        var visitor = _app.CreateClient();
        foreach (var interval in new[] { "1m", "5m", "1h", "1d" })
        {
            var live = (await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval={interval}&limit=1000"))!;
            var stored = (await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval={interval}&startTime=0&limit=1000"))!;
            Assert.NotEmpty(live);
            Assert.Equal(live, stored);
        }
        // Eight market buys at 10:58:30, :50, 10:59:40, 11:03:40, 12:03:40, 12:04:10 and the next day's 12:04:10 and :20.
        var minutes = (await visitor.GetFromJsonAsync<List<CandleMessage>>("/api/v1/market/candles?interval=1m&limit=1000"))!;
        Assert.Equal(6, minutes.Count);
        Assert.Equal(245, minutes.Sum(c => c.Volume));
        Assert.Equal(4, (await visitor.GetFromJsonAsync<List<CandleMessage>>("/api/v1/market/candles?interval=1h&startTime=0"))!.Count);
    }

    /// <summary>
    /// Paging by startTime reads every candle once, oldest first; endTime alone answers the newest up to it; a candle
    /// starts inside the range to be answered, and holds every trade of its bucket.
    /// </summary>
    [Fact]
    public async Task Candles_page_by_start_time_and_end_at_end_time()
    {
        await TradeAcrossBucketsAsync();
        var visitor = _app.CreateClient();
        var all = (await visitor.GetFromJsonAsync<List<CandleMessage>>("/api/v1/market/candles?interval=1m&limit=1000"))!;

        var paged = new List<CandleMessage>();
        long from = 0;
        while (true)
        {
            var page = (await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval=1m&limit=2&startTime={from}"))!;
            if (page.Count == 0)
                break;
            paged.AddRange(page);
            from = page[^1].Start.AddMinutes(1).ToUnixTimeMilliseconds();
        }
        Assert.Equal(all, paged);

        var endAt = all[3].Start.ToUnixTimeMilliseconds();
        Assert.Equal(all[2..4], (await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval=1m&limit=2&endTime={endAt}"))!);
        // A start inside a bucket: that bucket's candle started before it, so the first answered is the next.
        var inside = all[0].Start.AddSeconds(1).ToUnixTimeMilliseconds();
        Assert.Equal(all[1..], (await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval=1m&startTime={inside}"))!);
        Assert.Empty((await visitor.GetFromJsonAsync<List<CandleMessage>>($"/api/v1/market/candles?interval=1d&startTime=253402300799999"))!);
        Assert.Equal(all, (await visitor.GetFromJsonAsync<List<CandleMessage>>("/api/v1/market/candles?interval=1m&limit=1000&endTime=253402300799999"))!);

        // A bound on the trades one request aggregates ends the page at the last whole bucket within it; paging on
        // from there still reads every candle once, whole.
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var bounded = new List<CandleMessage>();
            var next = DateTimeOffset.UnixEpoch;
            while (await CandleHistory.ReadAsync(db, CandleInterval.OneMinute, next, null, 1_000, CancellationToken.None, maxTrades: 2) is { Count: > 0 } page)
            {
                Assert.True(page.Sum(c => c.Trades) <= 2 || page.Count == 1);
                bounded.AddRange(page);
                next = page[^1].Start.AddMinutes(1);
            }
            Assert.Equal(all, bounded);
            var newest = await CandleHistory.ReadAsync(db, CandleInterval.OneMinute, null, DateTimeOffset.MaxValue.AddDays(-2), 1_000, CancellationToken.None, maxTrades: 2);
            Assert.Equal(all[^1..], newest);
        }

        foreach (var bad in new[] { "startTime=-1", "endTime=253402300800000", "startTime=5&endTime=4", "startTime=abc", "startTime=1e3" })
            Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync($"/api/v1/market/candles?interval=1m&{bad}")).StatusCode);
    }
}
