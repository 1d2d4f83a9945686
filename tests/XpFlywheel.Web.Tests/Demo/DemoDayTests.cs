using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Demo;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Tests.Epochs;
using Xunit.Abstractions;

namespace XpFlywheel.Web.Tests.Demo;

/// <summary>
/// A whole demo day on a hand-moved clock: the real app and the demo's own bots, played round by round two minutes of
/// app time apart, with hour-long epochs and a half-hour tier window (the demo's 2-minute epochs and 1-minute window,
/// scaled), a smaller cast and more jobs a round so each epoch sees about as much work as the demo's. The bots' timer
/// is set to a day of real time, so only this test plays them.
/// </summary>
public sealed class DemoDayTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2027, 6, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private readonly TestClock _clock = new(T0);
    private readonly ClockedAppFactory _factory;
    private readonly ITestOutputHelper _output;

    public DemoDayTests(ITestOutputHelper output)
    {
        _output = output;
        _factory = new ClockedAppFactory(_clock);
        _factory.Settings["Demo:Enabled"] = "true";
        _factory.Settings["Demo:SmallOperators"] = "10";
        _factory.Settings["Demo:LargeOperators"] = "3";
        _factory.Settings["Demo:Tick"] = "1.00:00:00";
        _factory.Settings["Epochs:Length"] = "01:00:00";
        _factory.Settings["Tiers:Window"] = "00:30:00";
        _factory.Settings["Demo:JobsPerRound"] = "8";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Demo_day_pays_every_epoch_keeps_the_book_two_sided_and_the_price_in_the_rational_range()
    {
        var services = _factory.Services;
        var epochs = services.GetRequiredService<EpochService>();
        await epochs.Started.WaitAsync(TimeSpan.FromSeconds(60));
        var bots = services.GetRequiredService<DemoBots>();
        var cast = await bots.Cast.WaitAsync(TimeSpan.FromSeconds(120));
        var feed = services.GetRequiredService<ExchangeFeed>();
        var fairValue = services.GetRequiredService<FairValueService>();
        var watch = Stopwatch.StartNew();

        var oneSided = new List<string>();
        var rounds = (int)(Day / Step);
        for (var round = 1; round <= rounds; round++)
        {
            _clock.Advance(Step);
            await bots.RoundAsync(cast, CancellationToken.None);
            await epochs.CloseDueAsync();
            var book = feed.Book;
            if (book.BestBid is null || book.BestAsk is null)
                oneSided.Add($"round {round}: bid {book.BestBid?.Dollars}, ask {book.BestAsk?.Dollars}");
            if (round % 60 == 0)
            {
                var sample = await fairValue.RationalRangeAsync();
                _output.WriteLine($"{round / 30,2} h: bid {book.BestBid?.Dollars} ask {book.BestAsk?.Dollars} last {book.LastPrice?.Dollars} "
                    + $"mid {bots.MakersMid:0.00000} range {sample.Floor}..{sample.Ceiling:0.0000} ({watch.Elapsed.TotalSeconds:0} s)");
            }
        }

        Assert.Empty(oneSided);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var closed = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Closed).OrderBy(e => e.Number).ToListAsync();
        var allocated = await db.EpochAllocations.AsNoTracking().GroupBy(a => a.EpochNumber)
            .Select(g => new { Epoch = g.Key, Sum = g.Sum(a => a.Allocation) }).ToDictionaryAsync(g => g.Epoch, g => g.Sum);
        foreach (var epoch in closed)
            _output.WriteLine($"epoch {epoch.Number}: pool {epoch.Pool} (burns {epoch.PoolFromBurns}), {epoch.AgentsPaid} agents paid, last price {epoch.LastPriceTicks}");
        Assert.True(closed.Count >= (int)(Day / TimeSpan.FromHours(1)) - 1, $"Only {closed.Count} epochs closed in a day of hour-long epochs.");
        Assert.All(closed, epoch =>
        {
            Assert.True(epoch.Pool > 0, $"Epoch {epoch.Number} had an empty pool.");
            Assert.True(epoch.AgentsPaid > 0, $"Epoch {epoch.Number} paid nobody.");
            Assert.Equal(epoch.Pool, epoch.Allocated);
            Assert.Equal(epoch.Pool, allocated.GetValueOrDefault(epoch.Number));
        });
        // Every epoch after the first is paid from burns: the flywheel, not the genesis emission, keeps it turning.
        Assert.All(closed.Skip(1), epoch => Assert.True(epoch.PoolFromBurns > 0, $"Nobody burned in the epoch before {epoch.Number}."));

        var last = feed.Book.LastPrice?.Dollars;
        var range = await fairValue.RationalRangeAsync();
        Assert.NotNull(last);
        Assert.True(range.Contains(last.Value), $"The last price {last} is outside the rational range {range.Floor}..{range.Ceiling}.");
        // README's order example (a limit at 0.0200) must still be inside the ±20% protection band.
        var reference = (feed.Book.ReferencePrice ?? feed.Book.LastPrice)!.Value.Dollars;
        Assert.InRange(0.0200m, reference * 0.8m, reference * 1.2m);
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
        _output.WriteLine($"{rounds} rounds in {watch.Elapsed.TotalSeconds:0} s");
    }
}
