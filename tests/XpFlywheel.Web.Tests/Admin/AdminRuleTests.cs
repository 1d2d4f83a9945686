using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>What the admin console says agrees with what it shows, and the audit and sign-in tell the whole story.</summary>
public sealed class AdminRuleTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static AllocationLine Line(long agent, long allocation) =>
        new(agent, $"agent {agent}", 1, "op", 5, 1_000_000, 2, 0, 0, 0, 0, 0, allocation);

    [Fact]
    public void CloseNow_EmptyPool_DoesNotClaimAgentsShareIt()
    {
        var text = CloseNowText.Confirmation(12, pool: 0, preview: []);

        Assert.Contains("The pool is empty, so no agent receives XP", text);
        Assert.DoesNotContain("shared among", text);
        Assert.Equal("The pool is empty", CloseNowText.EmptyTitle(0));
    }

    /// <summary>
    /// The confirmation counts the agents the preview pays, as the preview's count: jobs recorded between the preview
    /// and the close can change it, so it is never promised as the outcome ("24 agents as previewed" was followed by a
    /// close that paid 25).
    /// </summary>
    [Fact]
    public void CloseNow_CountsTheAgentsThePreviewPays()
    {
        IReadOnlyList<AllocationLine> preview = [Line(1, 600), Line(2, 400), Line(3, 0)];

        Assert.Equal("The pool of 1,000 XP is shared among the agents eligible at the close (2 in the latest preview; jobs recorded until then count too), and epoch 13 starts. This cannot be undone.",
            CloseNowText.Confirmation(12, 1_000, preview));
        Assert.Contains("the whole pool of 1,000 XP carries over", CloseNowText.Confirmation(12, 1_000, [Line(3, 0)]));
    }

    [Theory]
    [InlineData(new long[] { 180, 200, 260 }, 20)]     // $0.0180–$0.0260: gridlines every $0.0020
    [InlineData(new long[] { 250, 251 }, 1)]           // a range under five ticks: one tick apart
    [InlineData(new long[] { 10_000, 60_000 }, 10_000)] // $1–$6: every $1
    public void PriceAxis_IsSpacedToTheRangeOfPrices_NotTwentyUnits(long[] ticks, int spacing)
    {
        Assert.Equal(spacing, PriceAxis.Spacing(ticks));
        var options = PriceAxis.Options(ticks);
        Assert.False(options.YAxisRequireZeroPoint);
        Assert.Equal("0.0200", options.YAxisToStringFunc!(200));
    }

    [Theory]
    [InlineData(3, 3)]   // few closes: every one labelled
    [InlineData(6, 6)]
    [InlineData(7, 4)]   // every second, counted back from the newest
    [InlineData(52, 6)]  // a year of weekly closes: every ninth
    public void The_epoch_axis_labels_at_most_six_closes_and_always_the_newest(int closes, int labelled)
    {
        var numbers = Enumerable.Range(100, closes).Select(n => (long)n).ToList();

        var labels = PriceAxis.EpochLabels(numbers);

        Assert.Equal(closes, labels.Length);
        Assert.Equal(labelled, labels.Count(l => l.Length > 0));
        Assert.True(labels.Count(l => l.Length > 0) <= PriceAxis.MostLabels);
        Assert.Equal((99 + closes).ToString(System.Globalization.CultureInfo.InvariantCulture), labels[^1]);
        Assert.All(labels.Select((l, i) => (l, i)).Where(x => x.l.Length > 0), x => Assert.Equal(numbers[x.i].ToString(System.Globalization.CultureInfo.InvariantCulture), x.l));
    }

    [Fact]
    public async Task Audit_FirstChangeOfAKind_ShowsTheValueInForceAsBefore()
    {
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        await host.ExecuteAsync(session => ParameterChanges.SetLock(session, new LockPolicy(TimeSpan.FromDays(2)), "first@test.local"));

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditLog.AsNoTracking().Where(a => a.Target == ParameterRows.LockKey && a.Actor == "first@test.local").SingleAsync();
        Assert.False(string.IsNullOrEmpty(entry.Before));
        Assert.Contains("7.00:00:00", entry.Before);
        Assert.Contains("2.00:00:00", entry.After);
    }

    [Fact]
    public async Task Login_LockedByAnAdministrator_SaysSo_NotTooManyAttempts()
    {
        var client = factory.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(client, "admin-locked@test.local", "Operator1!");
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync("admin-locked@test.local");
            await users.SetLockoutEnabledAsync(user!, true);
            await users.SetLockoutEndDateAsync(user!, AccountLockout.ByAdministratorEnd);
        }

        var response = await FormLogin.LoginAsync(factory.CreateBrowserlikeClient(), "admin-locked@test.local", "Operator1!");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await factory.CreateBrowserlikeClient().GetStringAsync(new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery);
        Assert.Contains("locked by an administrator", page);
        Assert.DoesNotContain("Too many failed sign-in attempts", page);
    }
}
