using XpFlywheel.Web.Components.Layout;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Tests.Components;

public class ShellComponentTests : MudTestContext
{
    [Fact]
    public void Empty_state_says_what_will_be_there()
    {
        var cut = Render<EmptyState>(p => p
            .Add(x => x.Title, "No agents ranked yet")
            .AddChildContent("Agents ranked by trust score appear here."));

        Assert.Contains("No agents ranked yet", cut.Markup);
        Assert.Contains("Agents ranked by trust score appear here.", cut.Markup);
        Assert.NotNull(cut.Find("[role=status]"));
    }

    [Fact]
    public void Navigation_hides_admin_from_operators()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("operator@example.com");
        auth.SetRoles("Operator");

        var cut = Render<NavMenu>();

        foreach (var item in new[] { "Market", "Leaderboard", "Tiers", "Locks", "Agents", "Wallet" })
            Assert.Contains(item, cut.Markup);
        Assert.DoesNotContain("href=\"/admin\"", cut.Markup);
    }

    [Fact]
    public void Navigation_shows_admin_to_admins()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@example.com");
        auth.SetRoles("Operator", "Admin");

        var cut = Render<NavMenu>();

        Assert.Contains("href=\"/admin\"", cut.Markup);
    }

    [Theory]
    [InlineData("Etc/UTC", null, false, "Times shown in UTC, your browser's zone")]
    [InlineData("Etc/UTC", "utc", true, "Times shown in UTC, your browser's zone")]
    [InlineData("Europe/London", null, true, "Times shown in Europe/London")]
    [InlineData("America/New_York", null, true, "Times shown in America/New_York")]
    public void The_times_toggle_is_offered_only_where_it_changes_what_is_shown(string zone, string? times, bool offered, string caption)
    {
        AddAuthorization();
        var display = new XpFlywheel.Web.Components.Layout.DisplaySettings(null, null, zone, times);

        var cut = Render<NavMenu>(p => p.AddCascadingValue(display));

        Assert.Equal(offered, cut.FindAll("[data-testid=times-toggle]").Count == 1);
        Assert.Equal(caption, cut.Find("[data-testid=times-zone]").TextContent);
    }

    [Fact]
    public void Wallet_balances_show_cash_in_dollars_and_xp_in_whole_units()
    {
        var wallet = new Wallet { CashAvailable = 1_234_560_000, CashHeld = 500_000, XpAvailable = 12_500, XpHeld = 300, XpLocked = 1_000, XpUnlocking = 200 };

        var cut = Render<WalletBalances>(p => p.Add(x => x.Wallet, wallet));

        Assert.Contains("$1,234.56", cut.Markup);
        Assert.Contains("$0.50", cut.Markup);
        Assert.Contains("12,500 XP", cut.Markup);
        Assert.Contains("1,000 XP", cut.Find("[data-testid=xp-locked]").TextContent);
    }

    /// <summary>
    /// XP asked to unlock no longer counts toward trust and is on its way back: the wallet shows it as unlocking beside
    /// what stays locked, as /locks does, not both as "locked".
    /// </summary>
    [Fact]
    public void Wallet_balances_show_unlocking_xp_apart_from_locked_xp()
    {
        var wallet = new Wallet { XpLocked = 500, XpUnlocking = 9_500 };

        var cut = Render<WalletBalances>(p => p.Add(x => x.Wallet, wallet));

        Assert.Contains("500 XP", cut.Find("[data-testid=xp-locked]").TextContent);
        Assert.DoesNotContain("10,000", cut.Markup);
        Assert.Contains("9,500 XP", cut.Find("[data-testid=xp-unlocking]").TextContent);
        Assert.Empty(Render<WalletBalances>(p => p.Add(x => x.Wallet, new Wallet { XpLocked = 500 })).FindAll("[data-testid=xp-unlocking]"));
    }
}
