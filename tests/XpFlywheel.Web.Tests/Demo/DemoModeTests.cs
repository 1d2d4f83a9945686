using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Demo;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Demo;

public sealed class DemoModeTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public DemoModeTests()
    {
        _factory.Settings["Demo:Enabled"] = "true";
        _factory.Settings["Demo:SmallOperators"] = "12";
        _factory.Settings["Demo:LargeOperators"] = "3";
        _factory.Settings["Demo:Tick"] = "00:00:00.100";
        _factory.Settings["Epochs:Length"] = "00:00:25";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Demo_population_trades_works_burns_locks_and_gets_paid_by_an_epoch_while_every_invariant_holds()
    {
        var services = _factory.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var trades = await db.Trades.CountAsync();
            var jobs = await db.Jobs.CountAsync();
            var burns = await db.Burns.CountAsync();
            var locks = await db.Locks.CountAsync();
            var paid = await db.Epochs.AnyAsync(e => e.Status == EpochStatus.Closed && e.AgentsPaid > 0)
                && await db.EpochAllocations.AnyAsync(a => a.Allocation > 0);
            seen = $"trades {trades}, jobs {jobs}, burns {burns}, locks {locks}, paid epoch {paid}";
            if (trades > 0 && jobs > 0 && burns > 0 && locks > 0 && paid)
                break;
            await Task.Delay(1_000);
        }

        Assert.True(DateTime.UtcNow < deadline, $"The demo did not show the whole flywheel in time: {seen}");
        Assert.True(services.GetRequiredService<DemoBots>().Rounds > 0);
        var supply = await services.GetRequiredService<SupplyReport>().ComputeAsync();
        Assert.Empty(supply.Problems);
    }

    [Fact]
    public async Task No_bot_places_cancels_locks_pays_for_work_or_trades_otc_on_the_demo_login()
    {
        var services = _factory.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var bots = services.GetRequiredService<DemoBots>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        long human;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var trades = await db.Trades.CountAsync();
            var locks = await db.Locks.CountAsync();
            if (bots.Rounds >= 60 && trades > 0 && locks > 0 || DateTime.UtcNow > deadline)
            {
                human = await db.Wallets.Where(w => w.User!.Email == "demo@xpflywheel.local").Select(w => w.Id).SingleAsync();
                break;
            }
            await Task.Delay(500);
        }

        await using var check = await dbFactory.CreateDbContextAsync();
        Assert.True(bots.Rounds >= 60, $"{bots.Rounds} rounds");
        Assert.False(await check.Orders.AnyAsync(o => o.OperatorId == human));
        Assert.False(await check.Locks.AnyAsync(l => l.OperatorId == human));
        Assert.False(await check.Jobs.AnyAsync(j => j.ClientOperatorId == human));
        Assert.False(await check.OtcTrades.AnyAsync(t => t.TakerOperatorId == human || t.MakerOperatorId == human));
        Assert.False(await check.OtcOffers.AnyAsync(o => o.OperatorId == human));
    }

    [Fact]
    public async Task Demo_login_is_shown_on_the_sign_in_page_only_in_demo_mode()
    {
        var page = await _factory.CreateClient().GetStringAsync("/Account/Login");
        Assert.Contains("demo@xpflywheel.local", page);

        using var plain = new AppFactory();
        var plainPage = await plain.CreateClient().GetStringAsync("/Account/Login");
        Assert.DoesNotContain("demo@xpflywheel.local", plainPage);
    }
}
