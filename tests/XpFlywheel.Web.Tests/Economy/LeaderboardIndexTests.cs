using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>
/// A leaderboard page in the trust order reads one page of the trust index and sorts nothing: with 90,000 of 100,000
/// agents sharing one trust score and no locked XP, an order the index did not match exactly made SQLite sort all
/// 90,000 for every page (70–150 ms a call, above the leaderboard's 50 ms).
/// </summary>
public sealed class LeaderboardIndexTests : IDisposable
{
    private readonly AppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [SqliteTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_trust_order_is_read_from_its_index_without_a_sort(bool descending)
    {
        await _app.Services.GetRequiredService<Web.Exchange.ExchangeHost>().Ready;
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var query = new LeaderboardQuery(Sort: LeaderboardSort.Trust, Descending: descending, PageIndex: 3);
        var (_, rows) = LeaderboardService.Candidates(db, query);

        var plan = await QueryPlans.OfAsync(db, LeaderboardService.PageOf(rows, query, 3, 25).ToQueryString());

        Assert.Contains("IX_Agents_TrustMilli_LockedXp_CreatedAt_Id", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }
}
