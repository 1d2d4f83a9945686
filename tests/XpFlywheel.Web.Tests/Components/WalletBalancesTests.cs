using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Wallets;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>The wallet shows what sits in escrow for the operator (OTC offers, failed jobs) when there is some.</summary>
public sealed class WalletBalancesTests : MudTestContext
{
    private static readonly Data.Wallet Wallet = new() { Id = 7, CashAvailable = 5_000_000, XpAvailable = 100 };

    [Fact]
    public void Escrow_holds_are_shown_beside_the_balances_when_there_are_any()
    {
        var cut = Render<WalletBalances>(p => p.Add(x => x.Wallet, Wallet).Add(x => x.Holds, new WalletHolds(10_100_000, 300, 20_000_000)));

        Assert.Contains("$10.10", cut.Find("[data-testid=otc-cash-held]").TextContent);
        Assert.Contains("300", cut.Find("[data-testid=otc-xp-held]").TextContent);
        Assert.Contains("$20.00", cut.Find("[data-testid=job-escrow-held]").TextContent);
    }

    [Fact]
    public void Without_holds_the_escrow_figures_are_not_shown()
    {
        var cut = Render<WalletBalances>(p => p.Add(x => x.Wallet, Wallet));

        Assert.Empty(cut.FindAll("[data-testid=otc-cash-held], [data-testid=otc-xp-held], [data-testid=job-escrow-held]"));
    }
}
