using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Demo;

/// <summary>In demo mode the OTC desk is in use: bots post offers and a newcomer's request for quote gets firm quotes.</summary>
public sealed class DemoOtcTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public DemoOtcTests()
    {
        _factory.Settings["Demo:Enabled"] = "true";
        _factory.Settings["Demo:SmallOperators"] = "8";
        _factory.Settings["Demo:LargeOperators"] = "3";
        _factory.Settings["Demo:Tick"] = "00:00:00.100";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Demo_bots_answer_a_newcomers_request_for_quote_and_post_offers()
    {
        var services = _factory.Services;
        await services.GetRequiredService<Web.Demo.DemoBots>().Cast;
        var newcomer = await Operators.CreateAsync(services, $"otc-newcomer-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(services, newcomer, 1_000, 0);
        var otc = services.GetRequiredService<OtcService>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        var deadline = DateTime.UtcNow.AddSeconds(120);
        var quoted = false;
        var offers = 0;
        while (DateTime.UtcNow < deadline && !(quoted && offers > 0))
        {
            if ((await otc.MyRequestsAsync(newcomer)).All(r => r.Request.Status != Data.Entities.OtcRequestStatus.Open))
                await otc.RequestQuotesAsync(newcomer, Side.Buy, 1_000);   // asked again whenever the last one closed unanswered
            quoted = (await otc.MyRequestsAsync(newcomer)).Any(r => r.Quotes.Count > 0);
            await using var db = await dbFactory.CreateDbContextAsync();
            offers = await db.OtcOffers.CountAsync();
            await Task.Delay(500);
        }

        Assert.True(quoted, "No bot quoted the newcomer's request.");
        Assert.True(offers > 0, "No bot posted an OTC offer.");
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);
    }
}
