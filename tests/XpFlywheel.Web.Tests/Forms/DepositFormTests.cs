using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Wallets;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>Every submit validates again: a second wrong amount is refused with its message, like the first.</summary>
public sealed class DepositFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public DepositFormTests() => Services.AddSingleton(_app.Services.GetRequiredService<TradingService>());

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task Deposit_SecondWrongAmount_IsRefusedWithItsMessageAgain()
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, "depositor@test.local");
        var cut = Render<DemoDeposit>(p => p.Add(x => x.OperatorId, operatorId));

        foreach (var (wrong, message) in new[]
                 {
                     ("-5", "Enter the number without a minus sign"), ("0", "Enter an amount in dollars and cents"),
                     ("1.234", "Enter an amount in dollars and cents"), ("1e3", "Enter a number, e.g. 250.00"), ("2,500", "could be 2500 or 2.5"),
                 })
        {
            cut.OnRenderer(() => cut.Find("input[data-testid=deposit-amount]").Input(wrong));
            await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Deposit")).ClickAsync(new()));
            cut.WaitForAssertion(() => Assert.True(cut.Markup.Contains(message), wrong + ": " + cut.Markup));
        }
        Assert.Empty(cut.FindAll(".mud-alert-filled-success, .mud-alert-text-success"));
    }

    [Fact]
    public async Task Deposit_DoubleClick_DepositsOnce()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, "double-deposit@test.local");
        var cut = Render<DemoDeposit>(p => p.Add(x => x.OperatorId, operatorId));
        cut.OnRenderer(() => cut.Find("input[data-testid=deposit-amount]").Input("10"));

        await DoubleClick.OnAsync(cut, "Deposit");

        cut.WaitForAssertion(() => Assert.Contains("added to your cash", cut.Markup));
        Assert.Equal(10_000_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }

    /// <summary>Enter in the amount deposits, as in any form: the fields sit in a form whose submit is the deposit.</summary>
    [Fact]
    public async Task Deposit_EnterInTheAmount_Deposits()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, "enter-deposit@test.local");
        var cut = Render<DemoDeposit>(p => p.Add(x => x.OperatorId, operatorId));
        cut.OnRenderer(() => cut.Find("input[data-testid=deposit-amount]").Input("25"));

        await cut.OnRenderer(() => cut.Find("form").SubmitAsync());

        cut.WaitForAssertion(() => Assert.Contains("added to your cash", cut.Markup));
        Assert.Equal(25_000_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
        Assert.Equal("submit", cut.FindAll("button").Single(b => b.TextContent.Contains("Deposit")).GetAttribute("type"));
    }

    /// <summary>Enter pressed again and again (each after the last was answered) deposits once, and says the repeats added nothing.</summary>
    [Fact]
    public async Task Deposit_submitted_again_and_again_in_quick_succession_deposits_once()
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, "enter-enter-deposit@test.local");
        var cut = Render<DemoDeposit>(p => p.Add(x => x.OperatorId, operatorId));
        cut.OnRenderer(() => cut.Find("input[data-testid=deposit-amount]").Input("2"));

        for (var i = 0; i < 3; i++)
            await cut.OnRenderer(() => cut.Find("form").SubmitAsync());

        cut.WaitForAssertion(() => Assert.Contains("this repeat added nothing", cut.Markup));
        Assert.Equal(2_000_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }
}
