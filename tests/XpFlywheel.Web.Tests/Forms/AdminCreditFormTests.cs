using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>The admin's cash credit on /admin/users refuses what it cannot credit with one message, under its field.</summary>
public sealed class AdminCreditFormTests : MudTestContext
{
    private readonly AppFactory _app = new();
    private readonly IServiceScope _scope;

    public AdminCreditFormTests()
    {
        _scope = _app.Services.CreateScope();
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
        foreach (var type in new[] { typeof(IDbContextFactory<AppDbContext>), typeof(TradingService), typeof(Settings.AuditLog), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    protected override void Dispose(bool disposing)
    {
        _scope.Dispose();
        _app.Dispose();
        base.Dispose(disposing);
    }

    private const string AmountRule = "Enter an amount above $0 and at most $10,000,000, in whole cents.";

    /// <summary>
    /// A credit it cannot make shows one message under the amount and credits nothing; text it cannot read stays as
    /// typed with why (the app's one rule for decimals), never emptied or rewritten: "2,500" is neither $2,500 nor $2.50.
    /// </summary>
    [Theory]
    [InlineData("abc", "Enter a number, e.g. 250.00")]
    [InlineData("12abc", "Enter a number, e.g. 250.00")]
    [InlineData("-5", "without a minus sign")]
    [InlineData("2,500", "could be 2500 or 2.5")]
    [InlineData("0.001", AmountRule)]
    [InlineData("", AmountRule)]
    public async Task A_credit_it_cannot_make_shows_one_message_under_the_amount_and_credits_nothing(string typed, string message)
    {
        var email = $"credit-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);

        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input(typed));
        await cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());

        cut.WaitForAssertion(() =>
        {
            var helper = cut.Find("[data-testid=credit-form] .mud-input-helper-text").TextContent;
            Assert.Contains(message, helper.Trim());
            Assert.Single(cut.FindAll("[data-testid=credit-form] .mud-input-helper-text"));
            Assert.DoesNotContain("Not a valid number", cut.Markup);
        });
        Assert.Equal(typed, cut.Find("[data-testid=credit-form] input").GetAttribute("value") ?? "");
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Wallets.Where(w => w.Id == operatorId).Select(w => w.CashAvailable).SingleAsync());
    }

    /// <summary>
    /// The user search compares emails without case, as sign-in does: "DEMO@…" or "Demo" finds demo@…. It compared
    /// exactly, so an admin typing an address as the user wrote it found nobody (and past the first 50 users, the
    /// search is the only way to reach one).
    /// </summary>
    [Fact]
    public async Task The_user_search_finds_an_email_whatever_its_case()
    {
        var local = $"Case-{Guid.NewGuid():N}";
        var email = $"{local.ToLowerInvariant()}@test.local";
        await Operators.CreateAsync(_app.Services, email);

        var cut = await AdminUsersAsync(email.ToUpperInvariant());
        foreach (var typed in new[] { local, $" {local.ToUpperInvariant()}@Test.Local " })
        {
            cut.WaitForAssertion(() => cut.Find("input").Input(typed));
            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Credit cash"), TimeSpan.FromSeconds(5));
            Assert.Contains(email, cut.Markup);
        }
    }

    /// <summary>A lone decimal comma credits what it says, as every money field reads it: "0,5" is 50 cents, never $5.</summary>
    [Fact]
    public async Task A_decimal_comma_credits_what_it_says()
    {
        var email = $"credit-comma-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));

        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("0,5"));
        await SubmitConfirmingAsync(cut);

        var host = _app.Services.GetRequiredService<ExchangeHost>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=credit-form]")));
        Assert.Equal(500_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }

    /// <summary>
    /// A credit is money made at once: it asks first, naming the amount and the user, and credits nothing when
    /// declined; confirmed, it says beside the list what it credited.
    /// </summary>
    [Fact]
    public async Task A_credit_is_confirmed_first_and_says_what_it_credited()
    {
        var email = $"credit-confirm-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("5000000"));

        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var submitted = cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());
        _dialogs.WaitForAssertion(() => Assert.Contains($"Credit $5,000,000.00 to {email}?", _dialogs.Markup));
        _dialogs.OnRenderer(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await submitted;
        Assert.Equal(0, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
        Assert.Empty(cut.FindAll("[data-testid=credit-result]"));

        await SubmitConfirmingAsync(cut);
        cut.WaitForAssertion(() => Assert.Contains($"Credited $5,000,000.00 to {email}.", cut.Find("[data-testid=credit-result]").TextContent));
        Assert.Equal(5_000_000_000_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }

    /// <summary>
    /// A confirmed credit closes the form it was typed in: keyboard focus goes to the message saying what it credited,
    /// not to the page body.
    /// </summary>
    [Fact]
    public async Task Credit_focus_goes_to_what_it_credited()
    {
        var email = $"credit-focus-{Guid.NewGuid():N}@test.local";
        await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("7.25"));

        await SubmitConfirmingAsync(cut);

        cut.WaitForAssertion(() =>
        {
            Assert.Contains($"Credited $7.25 to {email}.", cut.Find("[data-testid=credit-result]").TextContent);
            var focused = (Microsoft.AspNetCore.Components.ElementReference)JSInterop.Invocations.Last(i => i.Identifier == "Blazor._internal.domWrapper.focus").Arguments[0]!;
            Assert.Equal(cut.Instance.CreditResultElement.Id, focused.Id);
        });
    }

    /// <summary>
    /// While a credit's confirmation is open the Credit button stays enabled (a second submission still does nothing):
    /// a disabled button drops the keyboard focus to the page body, and Cancel or Escape would give it back there.
    /// </summary>
    [Fact]
    public async Task Credit_button_stays_enabled_while_its_confirmation_is_open_and_a_second_submit_does_nothing()
    {
        var email = $"credit-asking-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("3.00"));

        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var submitted = cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());
        _dialogs.WaitForAssertion(() => Assert.Contains("Credit $3.00 to", _dialogs.Markup));
        var credit = cut.Find("[data-testid=credit-form]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Credit");
        Assert.False(credit.HasAttribute("disabled"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());
        Assert.Single(_dialogs.FindAll("button"), b => b.TextContent.Trim() == "Credit");
        _dialogs.OnRenderer(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await submitted;

        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=credit-form]").QuerySelectorAll("button")
            .Single(b => b.TextContent.Trim() == "Credit").HasAttribute("disabled")));
        var host = _app.Services.GetRequiredService<ExchangeHost>();
        Assert.Equal(0, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }

    [Fact]
    public async Task A_refused_credit_clears_its_message_once_the_amount_is_edited_and_then_credits()
    {
        var email = $"credit-ok-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));

        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("0.001"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());
        cut.WaitForAssertion(() => Assert.Contains("in whole cents", cut.Markup));
        cut.OnRenderer(() => cut.Find("[data-testid=credit-form] input").Input("12.50"));
        cut.WaitForAssertion(() => Assert.DoesNotContain("in whole cents", cut.Markup));
        await SubmitConfirmingAsync(cut);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        cut.WaitForAssertion(() => Assert.Equal(12_500_000, db.Wallets.AsNoTracking().Where(w => w.Id == operatorId).Select(w => w.CashAvailable).Single()));
    }

    /// <summary>
    /// A double click on Credit (the second submission arriving while the first is under way) credits once, and so
    /// does the same filling-in submitted again after it finished (its idempotency key): money is never credited twice
    /// by one form.
    /// </summary>
    [Fact]
    public async Task Credit_DoubleSubmit_CreditsOnce()
    {
        var email = $"credit-twice-{Guid.NewGuid():N}@test.local";
        var operatorId = await Operators.CreateAsync(_app.Services, email);
        var cut = await AdminUsersAsync(email);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("2.34"));

        Task first = Task.CompletedTask, second = Task.CompletedTask;
        await cut.InvokeAsync(() =>
        {
            first = cut.Find("[data-testid=credit-form]").SubmitAsync();
            second = cut.Find("[data-testid=credit-form]").SubmitAsync();
        });
        // One confirmation for the two submissions.
        _dialogs.WaitForAssertion(() => _dialogs.OnRenderer(() => Assert.Single(_dialogs.FindAll("button"), b => b.TextContent.Trim() == "Credit").Click()));
        await Task.WhenAll(first, second);

        var host = _app.Services.GetRequiredService<ExchangeHost>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=credit-form]")));
        Assert.Equal(2_340_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));

        // A new filling-in is a new credit.
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Credit cash").Click()));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credit-form] input").Input("1.00"));
        await SubmitConfirmingAsync(cut);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=credit-form]")));
        Assert.Equal(3_340_000, await host.ReadAsync(s => s.Ledger.Balance(Core.Ledger.AccountId.CashAvailable(operatorId))));
    }

    private IRenderedComponent<MudBlazor.MudDialogProvider> _dialogs = default!;

    // Submits the credit form and answers its confirmation with the given button.
    private async Task SubmitConfirmingAsync(IRenderedComponent<AdminUsers> cut, string answer = "Credit")
    {
        // Found and pressed in one step on the renderer's dispatcher: the live page may re-render between a find and a press.
        var submitted = cut.InvokeAsync(() => cut.Find("[data-testid=credit-form]").SubmitAsync());
        _dialogs.WaitForAssertion(() => _dialogs.OnRenderer(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == answer).Click()));
        await submitted;
    }

    private async Task<IRenderedComponent<AdminUsers>> AdminUsersAsync(string search)
    {
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;
        _dialogs = SignInAsAdmin();
        var cut = Render<AdminUsers>();
        cut.WaitForAssertion(() => cut.Find("input").Input(search));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Credit cash"), TimeSpan.FromSeconds(5));
        return cut;
    }
}
