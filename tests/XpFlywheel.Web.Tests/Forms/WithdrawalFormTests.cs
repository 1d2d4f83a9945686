using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Wallets;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>The wallet's withdrawal form: available cash only, every bad amount told under the field, a double click once.</summary>
public sealed class WithdrawalFormTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public WithdrawalFormTests() => Services.AddSingleton(_app.Services.GetRequiredService<TradingService>());

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private async Task<(ExchangeHost Host, long OperatorId)> FundedAsync(string email, decimal dollars)
    {
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        await _app.Services.GetRequiredService<TradingService>().DepositAsync(operatorId, Cash.FromDollars(dollars));
        return (host, operatorId);
    }

    private Task<long> AvailableAsync(ExchangeHost host, long operatorId) => host.ReadAsync(s => s.Ledger.Balance(AccountId.CashAvailable(operatorId)));

    [Fact]
    public async Task Withdrawal_beyond_available_cash_is_refused_under_the_field_and_moves_nothing()
    {
        var (host, operatorId) = await FundedAsync("wd-form-over@test.local", 20m);
        var cut = Render<CashWithdrawalForm>(p => p.Add(x => x.OperatorId, operatorId).Add(x => x.Available, 20_000_000));

        foreach (var (wrong, message) in new[]
                 {
                     ("20.01", "You have $20.00 available to withdraw"), ("0", "above $0"), ("", "Enter the amount to withdraw"), ("-1", "without a minus sign"), ("0.0000001", "at most 6 decimal places"),
                 })
        {
            cut.OnRenderer(() => cut.Find("input[data-testid=withdraw-amount]").Input(wrong));
            await cut.OnRenderer(() => cut.Find("form").SubmitAsync());
            cut.WaitForAssertion(() => Assert.True(cut.Markup.Contains(message), wrong + ": " + cut.Markup));
        }
        Assert.Equal(20_000_000, await AvailableAsync(host, operatorId));
    }

    [Fact]
    public async Task Withdrawal_double_click_withdraws_once_and_all_takes_exactly_what_is_available()
    {
        var (host, operatorId) = await FundedAsync("wd-form-twice@test.local", 12.345678m);
        var cut = Render<CashWithdrawalForm>(p => p.Add(x => x.OperatorId, operatorId).Add(x => x.Available, 12_345_678));
        cut.OnRenderer(() => cut.Find("input[data-testid=withdraw-amount]").Input("2"));

        await DoubleClick.OnAsync(cut, "Withdraw");

        cut.WaitForAssertion(() => Assert.Contains("$2.00 withdrawn", cut.Markup));
        Assert.Equal(10_345_678, await AvailableAsync(host, operatorId));

        cut.Render(p => p.Add(x => x.Available, 10_345_678));
        await cut.OnRenderer(() => cut.Find("button[data-testid=withdraw-all]").ClickAsync(new()));
        await cut.OnRenderer(() => cut.Find("form").SubmitAsync());

        // To the micro-dollar, as it left: not rounded up to more than there was.
        cut.WaitForAssertion(() => Assert.Contains("$10.345678 withdrawn", cut.Markup));
        Assert.Equal(0, await AvailableAsync(host, operatorId));
    }

    [Fact]
    public async Task Withdrawal_submitted_again_and_again_in_quick_succession_withdraws_once()
    {
        var (host, operatorId) = await FundedAsync("wd-form-enter@test.local", 10m);
        var cut = Render<CashWithdrawalForm>(p => p.Add(x => x.OperatorId, operatorId).Add(x => x.Available, 10_000_000));
        cut.OnRenderer(() => cut.Find("input[data-testid=withdraw-amount]").Input("3"));

        for (var i = 0; i < 3; i++)
            await cut.OnRenderer(() => cut.Find("form").SubmitAsync());

        cut.WaitForAssertion(() => Assert.Contains("this repeat withdrew nothing", cut.Markup));
        Assert.Equal(7_000_000, await AvailableAsync(host, operatorId));
    }

    [Fact]
    public async Task Withdrawal_refusal_goes_when_the_amount_is_changed()
    {
        var (_, operatorId) = await FundedAsync("wd-form-stale@test.local", 5m);
        var cut = Render<CashWithdrawalForm>(p => p.Add(x => x.OperatorId, operatorId).Add(x => x.Available, 5_000_000));
        cut.OnRenderer(() => cut.Find("input[data-testid=withdraw-amount]").Input("6"));
        await cut.OnRenderer(() => cut.Find("form").SubmitAsync());
        cut.WaitForAssertion(() => Assert.Contains("available to withdraw", cut.Markup));

        cut.OnRenderer(() => cut.Find("input[data-testid=withdraw-amount]").Input("4"));

        cut.WaitForAssertion(() => Assert.DoesNotContain("available to withdraw", cut.Markup));
    }
}
