using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Economy.Components;
using XpFlywheel.Web.Economy.Pages;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>Economy forms check what they can before acting, and say so on every wrong submit.</summary>
public sealed class EconomyFormTests : MudTestContext
{
    private readonly AppFactory _app = new();
    private readonly EconomyKit _kit;

    public EconomyFormTests()
    {
        foreach (var type in new[] { typeof(AgentService), typeof(JobService), typeof(BurnService), typeof(TierService), typeof(ExchangeFeed), typeof(OperatorDirectory) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        _kit = new EconomyKit(_app.Services);
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// A job recorded with no amount and no provider marks both fields at once: the empty provider was never marked
    /// while the amount's refusal showed, and was said only once the amount was fixed.
    /// </summary>
    [Fact]
    public async Task A_job_recorded_empty_marks_the_amount_and_the_provider_at_once()
    {
        var (me, cut) = await RecordJobFormAsync();

        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Record job")).ClickAsync(new()));

        cut.WaitForAssertion(() =>
        {
            var errors = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
            Assert.Contains("Enter the amount in USD.", errors);
            Assert.Contains("Pick the provider agent.", errors);
        });
        Assert.Equal(0, (await _kit.Jobs.ListForOperatorAsync(me)).Total);
    }

    [Fact]
    public async Task JobAmount_SecondWrongAmount_IsRefusedWithItsMessageAgain()
    {
        var (me, cut) = await RecordJobFormAsync();

        foreach (var (wrong, message) in new[]
                 {
                     ("-5", "Enter the number without a minus sign"), ("0", "The amount must be above $0."),
                     ("-0.01", "Enter the number without a minus sign"), ("0.00", "The amount must be above $0."),
                 })
        {
            cut.OnRenderer(() => cut.FindAll("input").Single(i => i.GetAttribute("inputmode") == "decimal").Input(wrong));
            await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Record job")).ClickAsync(new()));
            cut.WaitForAssertion(() => Assert.True(cut.Markup.Contains(message), $"{wrong}: {cut.Markup}"));
        }
    }

    /// <summary>
    /// A form's refusal is shown under the field it is about and nowhere else: a field holding text it cannot read
    /// shows its own refusal, never another field's message (the OTC offer's quantity showed the price's).
    /// </summary>
    [Fact]
    public async Task A_refusal_shows_under_its_own_field_only()
    {
        var (cut, Field) = await OtcPageSignedInAsync("otc-fields");

        cut.OnRenderer(() => Field("offer-price").Input("abc"));
        cut.OnRenderer(() => Field("offer-quantity").Input("xyz"));
        await cut.OnRenderer(() => cut.Find("button:contains('Post offer')").ClickAsync(new()));

        // The price in the order ticket's words (PriceText), as every price field says it.
        var priceProblem = XpFlywheel.Web.Market.PriceText.Problem("abc")!;
        cut.WaitForAssertion(() => Assert.Contains(priceProblem, cut.Markup));
        var errors = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.True(errors.Count(e => e.Contains(priceProblem)) == 1, string.Join(" | ", errors));
        Assert.True(errors.Count(e => e.Contains("Enter whole XP in digits only")) == 1, string.Join(" | ", errors));
        Assert.Equal(2, errors.Count);
    }

    /// <summary>
    /// An offer posted with its price and quantity left empty marks both fields at once, as the order ticket does: only
    /// the price was marked, and the empty quantity was said only after the price was fixed.
    /// </summary>
    [Fact]
    public async Task An_offer_posted_empty_marks_every_missing_field_at_once()
    {
        var (cut, Field) = await OtcPageSignedInAsync("otc-empty");

        await cut.OnRenderer(() => cut.Find("button:contains('Post offer')").ClickAsync(new()));

        cut.WaitForAssertion(() =>
        {
            var errors = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
            Assert.Contains(errors, e => e.Contains(XpFlywheel.Web.Market.PriceText.NoPrice));
            Assert.Contains(errors, e => e.Contains("Enter how much XP to offer."));
            Assert.Equal(2, errors.Count);
        });
        Assert.Equal("true", Field("offer-price").GetAttribute("aria-invalid"));
        Assert.Equal("true", Field("offer-quantity").GetAttribute("aria-invalid"));
    }

    private static List<string> ShownErrors<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent =>
        [.. cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0)];

    /// <summary>
    /// A field's refusal goes once that field is changed, and the other fields keep theirs: an offer's price refused
    /// as above $1,000 stayed red with that message after a good price was typed, until the next submit.
    /// </summary>
    [Fact]
    public async Task A_fields_refusal_clears_once_the_field_is_changed_and_the_others_keep_theirs()
    {
        var (cut, Field) = await OtcPageSignedInAsync("otc-clears");

        cut.OnRenderer(() => Field("offer-price").Input("5000"));
        await cut.OnRenderer(() => cut.Find("button:contains('Post offer')").ClickAsync(new()));
        cut.WaitForAssertion(() =>
        {
            Assert.Contains(ShownErrors(cut), e => e.Contains("$1,000"));
            Assert.Contains(ShownErrors(cut), e => e.Contains("Enter how much XP to offer."));
        });

        cut.OnRenderer(() => Field("offer-price").Input("0.0201"));

        cut.WaitForAssertion(() =>
        {
            Assert.DoesNotContain(ShownErrors(cut), e => e.Contains("$1,000"));
            Assert.Contains(ShownErrors(cut), e => e.Contains("Enter how much XP to offer."));
        });
        Assert.NotEqual("true", Field("offer-price").GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_jobs_amount_refusal_clears_once_an_amount_is_typed_and_the_providers_stays()
    {
        var (_, cut) = await RecordJobFormAsync();
        await cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Record job")).ClickAsync(new()));
        cut.WaitForAssertion(() => Assert.Contains("Enter the amount in USD.", ShownErrors(cut)));

        cut.OnRenderer(() => cut.FindAll("input").Single(i => i.GetAttribute("inputmode") == "decimal").Input("12.50"));

        cut.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Enter the amount in USD.", ShownErrors(cut));
            Assert.Contains("Pick the provider agent.", ShownErrors(cut));
        });
    }

    /// <summary>
    /// A quote price being typed is kept when the last open request closes meanwhile (withdrawn, expired, filled):
    /// the list empties, the field and its text stay for the next request.
    /// </summary>
    [Fact]
    public async Task A_quote_price_being_typed_stays_when_the_last_request_closes()
    {
        var (cut, Field) = await OtcPageSignedInAsync("otc-quoter");
        var otc = _app.Services.GetRequiredService<XpFlywheel.Web.Otc.OtcService>();
        var asker = await Operators.CreateAsync(_app.Services, $"otc-asker-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, asker, 100, 0);
        var request = await otc.RequestQuotesAsync(asker, Core.Matching.Side.Buy, 250);
        Assert.True(request.Succeeded, request.Message);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=send-quote]")), TimeSpan.FromSeconds(5));

        cut.OnRenderer(() => Field("quote-price").Input("0.0213"));
        var withdrawn = await otc.CancelRequestAsync(asker, request.Value!.Id);
        Assert.True(withdrawn.Succeeded, withdrawn.Message);

        cut.WaitForAssertion(() => Assert.Contains("No open requests", cut.Markup), TimeSpan.FromSeconds(5));
        Assert.Equal("0.0213", Field("quote-price").GetAttribute("value"));
    }

    /// <summary>
    /// Taking an OTC offer from the page carries a key, so the same take arriving twice (a double click the server
    /// received before the button went grey) makes one trade, not two.
    /// </summary>
    [Fact]
    public async Task An_otc_take_from_the_page_carries_a_key_so_a_repeat_trades_once()
    {
        var (otc, offerId, me, dialogs, cut) = await OtcPageWithAnOfferAsync();

        var clicked = Task.CompletedTask;
        cut.WaitForAssertion(() => clicked = cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Buy 100 at $0.0200")).ClickAsync(new())), TimeSpan.FromSeconds(5));
        // The confirmation names what is taken: the row under the pointer may have moved with a live refresh.
        dialogs.WaitForAssertion(() => Assert.Contains("Buy 100 XP from", dialogs.Markup));
        Assert.Contains("at $0.0200 per XP: $2.00 plus a taker fee of $0.002 (", dialogs.Markup);
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Buy").Click());
        await clicked;
        cut.WaitForAssertion(() => Assert.Contains("Traded 100 XP", cut.Find("[data-testid=take-result]").TextContent));
        // Keyboard focus goes to the result, not to the top of the page with the pressed button's row.
        // (Only an element reference's FocusAsync calls domWrapper.focus; on this page that is the outcome's.)
        cut.WaitForAssertion(() => Assert.Contains(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus"), TimeSpan.FromSeconds(10));
        // The result gives the fee the confirmation asked for, to the micro-dollar, not rounded to cents ($0.00).
        Assert.Contains("Traded 100 XP at $0.0200: $2.00 plus a taker fee of $0.002.", cut.Find("[data-testid=take-result]").TextContent);

        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var take = Assert.Single(db.Journal.Where(j => j.Actor == $"o:{me}" && j.Type.Contains("take")).ToList());
        Assert.StartsWith("form-", take.IdempotencyKey);
        var repeat = await otc.TakeOfferAsync(me, offerId, 100, idempotencyKey: take.IdempotencyKey);
        Assert.True(repeat.IsRepeat);
        Assert.Single(db.OtcTrades.Where(t => t.TakerOperatorId == me).ToList());
    }

    /// <summary>
    /// Accepting a quote settles at once and cannot be undone, so it is confirmed first, naming what is accepted (size,
    /// quoter, price, total and fee): declined, nothing trades; confirmed, it trades once.
    /// </summary>
    [Fact]
    public async Task An_rfq_quote_is_accepted_only_after_its_confirmation()
    {
        foreach (var type in new[] { typeof(XpFlywheel.Web.Otc.OtcService), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        var otc = _app.Services.GetRequiredService<XpFlywheel.Web.Otc.OtcService>();
        await _kit.Host.Ready;
        await _kit.Host.ExecuteAsync(s => { if (s.Engine.ReferencePrice is null) s.Engine.SetReferencePrice(new Core.Primitives.Price(200)); return 0; });
        var me = await Operators.CreateAsync(_app.Services, $"rfq-asker-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, me, 100, 0);
        var quoter = await Operators.CreateAsync(_app.Services, $"rfq-quoter-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, quoter, 0, 1_000);
        var request = await otc.RequestQuotesAsync(me, Core.Matching.Side.Buy, 100);
        Assert.True(request.Succeeded, request.Message);
        var quote = await otc.QuoteAsync(quoter, request.Value!.Id, 200);
        Assert.True(quote.Succeeded, quote.Message);
        Interactive();
        var desk = _app.Services.GetRequiredService<XpFlywheel.Web.Parameters.ParameterBoard>().Current.Desk;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<XpFlywheel.Web.Otc.OtcRequestsPanel>(p => p.Add(x => x.Me, me).Add(x => x.Desk, desk));
        async Task<int> TradesAsync()
        {
            await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            return db.OtcTrades.Count(t => t.TakerOperatorId == me);
        }

        var clicked = Task.CompletedTask;
        cut.WaitForAssertion(() => clicked = cut.OnRenderer(() => cut.Find("[data-testid=accept-quote]").ClickAsync(new())), TimeSpan.FromSeconds(5));
        dialogs.WaitForAssertion(() => Assert.Contains("Buy 100 XP from", dialogs.Markup));
        Assert.Contains("at $0.0200 per XP: $2.00 plus a taker fee of $0.002 (", dialogs.Markup);
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await clicked;
        Assert.Equal(0, await TradesAsync());
        Assert.Empty(cut.FindAll("[data-testid=rfq-result]"));

        cut.WaitForAssertion(() => clicked = cut.OnRenderer(() => cut.Find("[data-testid=accept-quote]").ClickAsync(new())));
        dialogs.WaitForAssertion(() => dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Buy").Click()));
        await clicked;
        cut.WaitForAssertion(() => Assert.Contains("Traded 100 XP", cut.Find("[data-testid=rfq-result]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal(1, await TradesAsync());
    }

    /// <summary>
    /// An accepted quote leaves with its Accept button: keyboard focus goes to the message saying what traded, not to
    /// the page body; while it is being confirmed the button stays enabled, so Cancel or Escape can give focus back to it.
    /// </summary>
    [Fact]
    public async Task Rfq_accept_focus_stays_while_asked_and_goes_to_what_traded()
    {
        foreach (var type in new[] { typeof(XpFlywheel.Web.Otc.OtcService), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        var otc = _app.Services.GetRequiredService<XpFlywheel.Web.Otc.OtcService>();
        await _kit.Host.Ready;
        await _kit.Host.ExecuteAsync(s => { if (s.Engine.ReferencePrice is null) s.Engine.SetReferencePrice(new Core.Primitives.Price(200)); return 0; });
        var me = await Operators.CreateAsync(_app.Services, $"rfq-focus-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, me, 100, 0);
        var quoter = await Operators.CreateAsync(_app.Services, $"rfq-focus-quoter-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, quoter, 0, 1_000);
        var request = await otc.RequestQuotesAsync(me, Core.Matching.Side.Buy, 100);
        Assert.True(request.Succeeded, request.Message);
        Assert.True((await otc.QuoteAsync(quoter, request.Value!.Id, 200)).Succeeded);
        Interactive();
        var desk = _app.Services.GetRequiredService<XpFlywheel.Web.Parameters.ParameterBoard>().Current.Desk;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<XpFlywheel.Web.Otc.OtcRequestsPanel>(p => p.Add(x => x.Me, me).Add(x => x.Desk, desk));

        var clicked = Task.CompletedTask;
        cut.WaitForAssertion(() => clicked = cut.OnRenderer(() => cut.Find("[data-testid=accept-quote]").ClickAsync(new())), TimeSpan.FromSeconds(5));
        dialogs.WaitForAssertion(() => Assert.Contains("Buy 100 XP from", dialogs.Markup));
        // While the confirmation is open the Accept button stays enabled: a disabled one loses the keyboard focus,
        // and Cancel or Escape would return it to the page body.
        Assert.False(cut.Find("[data-testid=accept-quote]").HasAttribute("disabled"));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Buy").Click());
        await clicked;

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Traded 100 XP", cut.Find("[data-testid=rfq-result]").TextContent);
            var focused = (Microsoft.AspNetCore.Components.ElementReference)JSInterop.Invocations.Last(i => i.Identifier == "Blazor._internal.domWrapper.focus").Arguments[0]!;
            Assert.Equal(cut.Instance.ResultElement.Id, focused.Id);
        }, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// The wallet's sell, lock or burn comparison is truthful about what a choice gives up: a burn shows what the XP
    /// would sell for at the bids now and the net of its saving against that (with a warning when it loses), and a
    /// lock offers only the XP that still raises the agent's trust (the lock part is full at 1,000 XP locked).
    /// </summary>
    [Fact]
    public async Task The_sell_lock_or_burn_comparison_nets_a_burn_against_its_sale_value_and_locks_only_xp_that_raises_trust()
    {
        foreach (var type in new[] { typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider), typeof(ExchangeHost) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var bidder = await _kit.OperatorAsync(dollars: 1_000);
        var bid = await _app.Services.GetRequiredService<TradingService>().PlaceAsync(bidder,
            new PlaceOrderRequest(Core.Matching.Side.Buy, Core.Matching.OrderType.Limit, 0.0200m, 10_000, Core.Matching.TimeInForce.Gtc));
        Assert.True(bid.Succeeded, bid.ErrorMessage);
        var email = $"compare-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 5_000);
        await _kit.AgentAsync(me, "Comparer");
        await SignInAsync(email);
        Interactive();

        var cut = Render<SellLockBurnPanel>();

        // 5,000 XP at $0.0200 less the taker fee; no volume, so the tier saves nothing and the burn loses all of it.
        cut.WaitForAssertion(() => Assert.Contains("Gives up $", cut.Find("[data-testid=burn-net]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Contains("net -$", cut.Find("[data-testid=burn-net]").TextContent);
        Assert.Contains("costs more than it saves", cut.Find("[data-testid=burn-loses]").TextContent);
        var lockRow = cut.Find("[data-testid=lock-agent]");
        Assert.Contains("Only 1,000 XP of it raises trust", lockRow.TextContent);
        Assert.EndsWith("amount=1000", lockRow.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=compare-beyond-available]"));

        // More than is available is compared with a warning; more than any XP amount the economy takes is refused at the field.
        cut.OnRenderer(() => cut.Find("input[data-testid=compare-amount]").Input("6000"));
        cut.WaitForAssertion(() => Assert.Contains("more than the 5,000 XP you have available", cut.Find("[data-testid=compare-beyond-available]").TextContent));
        Assert.Contains("burn-net", cut.Markup);
        // Compared only: no button leads to a sale, lock or burn that would be refused.
        Assert.DoesNotContain(cut.FindAll("a"), a => a.GetAttribute("href") is { } href
            && (href.StartsWith("/market?", StringComparison.Ordinal) || href.StartsWith("/tiers?burn", StringComparison.Ordinal) || href.StartsWith("/locks?", StringComparison.Ordinal)));
        cut.OnRenderer(() => cut.Find("input[data-testid=compare-amount]").Input("99999999999999999999"));
        cut.WaitForAssertion(() => Assert.Contains("at most 1,000,000,000,000", cut.Markup));
        Assert.DoesNotContain("9,223,372,036,854,775,807", cut.Markup);
    }

    /// <summary>
    /// The agent's edit panel says what a save did ("Name saved.", or that nothing changed), refuses a name too long
    /// with its length instead of cutting it short unseen, and refuses to retire an agent holding locked XP before
    /// asking to confirm, not after.
    /// </summary>
    [Fact]
    public async Task The_agent_edit_panel_says_what_it_saved_and_refuses_before_asking()
    {
        foreach (var type in new[] { typeof(TrustService), typeof(LockService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var email = $"agent-edit-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 100);
        var agent = await _kit.AgentAsync(me, "Quill");
        Assert.True((await _kit.Locks.LockAsync(me, agent, 10)).Succeeded);
        await SignInAsync(email);
        Interactive();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<AgentDetail>(p => p.Add(x => x.AgentId, agent));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Save"), TimeSpan.FromSeconds(5));

        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        cut.WaitForAssertion(() => Assert.Contains("Nothing to save", cut.Find("[data-testid=agent-saved]").TextContent));

        cut.OnRenderer(() => cut.FindAll("input").First(i => i.GetAttribute("value") == "Quill").Input("Quill 2"));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        cut.WaitForAssertion(() => Assert.Contains("Name saved.", cut.Find("[data-testid=agent-saved]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal("Quill 2", (await _app.Services.GetRequiredService<AgentService>().FindAsync(agent))!.Name);

        var tooLong = new string('n', AgentRules.MaxName + 20);
        cut.OnRenderer(() => cut.FindAll("input").First(i => i.GetAttribute("value") == "Quill 2").Input(tooLong));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        cut.WaitForAssertion(() => Assert.Contains($"({AgentRules.MaxName + 20}", cut.Markup), TimeSpan.FromSeconds(5));
        Assert.Empty(cut.FindAll("[data-testid=agent-saved]"));
        Assert.Equal("Quill 2", (await _app.Services.GetRequiredService<AgentService>().FindAsync(agent))!.Name);

        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Retire agent").Click());
        cut.WaitForAssertion(() => Assert.Contains(AgentService.RetireWithLockedXp, cut.Find("[data-testid=agent-edit-error]").TextContent));
        Assert.DoesNotContain("Retire this agent?", dialogs.Markup);
    }

    /// <summary>
    /// A lock empties its amount on success, so Enter pressed twice sent the emptied form a moment later, and "Enter
    /// how much XP to lock." replaced the lock's confirmation. An empty form sent within the repeat window of a success
    /// is that double press: the confirmation stays, and nothing more is locked.
    /// </summary>
    [Fact]
    public async Task An_empty_form_sent_right_after_a_lock_keeps_the_locks_confirmation()
    {
        foreach (var type in new[] { typeof(LockService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var email = $"double-lock-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 1_000);
        await _kit.AgentAsync(me, "Steady");
        await SignInAsync(email);
        Interactive();

        var cut = Render<LocksPage>();
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.Find("input[data-testid=lock-amount]").Input("7")), TimeSpan.FromSeconds(5));
        var sent = System.Diagnostics.Stopwatch.StartNew();
        await cut.InvokeAsync(() => cut.Find("form").SubmitAsync());
        cut.WaitForAssertion(() => Assert.Contains("Locked 7 XP", cut.Find("[data-testid=lock-done]").TextContent), TimeSpan.FromSeconds(5));
        await cut.InvokeAsync(() => cut.Find("form").SubmitAsync());

        // A press is the second half of a double press only within the repeat window of the success, which started
        // after the first press was sent; a machine slow enough to pass it makes the second press a new, empty form.
        if (sent.Elapsed < XpFlywheel.Web.Components.Shared.FormKey.RepeatWindow)
        {
            Assert.Contains("Locked 7 XP", cut.Find("[data-testid=lock-done]").TextContent);
            Assert.DoesNotContain("Enter how much XP to lock.", cut.Markup);
        }
        Assert.Equal(7, (await _kit.Locks.ListAsync(me)).Sum(l => l.Amount));
    }

    /// <summary>
    /// A requested unlock is confirmed on the page, with how much, from which agent and when it returns, as a lock is:
    /// the panel that asked closes, and the list shows the countdown.
    /// </summary>
    [Fact]
    public async Task A_requested_unlock_says_what_it_unlocks_and_when_it_returns()
    {
        foreach (var type in new[] { typeof(LockService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var email = $"unlocker-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 1_000);
        var agent = await _kit.AgentAsync(me, "Keeper");
        Assert.True((await _kit.Locks.LockAsync(me, agent, 1_000)).Succeeded);
        await SignInAsync(email);
        Interactive();

        var cut = Render<LocksPage>();
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Request unlock").Click()), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.Find("[data-testid=unlock-panel] input").Input("400")));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Confirm unlock")).Click());

        cut.WaitForAssertion(() => Assert.Contains("Unlock of 400 XP from Keeper requested", cut.Find("[data-testid=unlock-done]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Contains("returns to your available XP at", System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=unlock-done]").TextContent, @"\s+", " "));
    }

    /// <summary>
    /// A confirmed unlock closes the panel whose button was pressed: keyboard focus goes to the message saying what was
    /// requested, not to the page body.
    /// </summary>
    [Fact]
    public async Task Unlock_focus_goes_to_what_was_requested()
    {
        foreach (var type in new[] { typeof(LockService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var email = $"unlock-focus-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 1_000);
        var agent = await _kit.AgentAsync(me, "Holder");
        Assert.True((await _kit.Locks.LockAsync(me, agent, 1_000)).Succeeded);
        await SignInAsync(email);
        Interactive();

        var cut = Render<LocksPage>();
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Request unlock").Click()), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.Find("[data-testid=unlock-panel] input").Input("250")));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Confirm unlock")).Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Unlock of 250 XP from Holder requested", cut.Find("[data-testid=unlock-done]").TextContent);
            var focused = (Microsoft.AspNetCore.Components.ElementReference)JSInterop.Invocations.Last(i => i.Identifier == "Blazor._internal.domWrapper.focus").Arguments[0]!;
            Assert.Equal(cut.Instance.UnlockDoneElement.Id, focused.Id);
        }, TimeSpan.FromSeconds(5));
    }

    // A provider with <paramref name="failures"/> failed $1 jobs it may dispute, and its list of them rendered.
    private async Task<(long Provider, IRenderedComponent<DisputableFailures> Cut)> DisputableFailuresAsync(int failures)
    {
        Services.AddSingleton(_app.Services.GetRequiredService<DisputeService>());
        await _kit.Host.Ready;
        var provider = await _kit.OperatorAsync();
        var agent = await _kit.AgentAsync(provider);
        var client = await _kit.OperatorAsync(dollars: 1_000);
        var clientAgent = await _kit.AgentAsync(client);
        for (var i = 0; i < failures; i++)
            Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, agent, 1m, succeeded: false)).Succeeded);
        Interactive();
        return (provider, Render<DisputableFailures>(p => p.Add(x => x.OperatorId, provider)));
    }

    /// <summary>Failures to dispute show ten at a time, soonest deadline first, with pages for the rest.</summary>
    [Fact]
    public async Task Failures_to_dispute_page_ten_at_a_time()
    {
        var (provider, cut) = await DisputableFailuresAsync(23);

        cut.WaitForAssertion(() => Assert.Equal(DisputableFailures.PageSize, cut.FindAll("[data-testid=disputable-table] tbody tr").Count));
        var list = await _app.Services.GetRequiredService<DisputeService>().DisputableAsync(provider);
        string Shown() => string.Join(",", cut.FindAll("[data-testid=disputable-table] tbody tr button").Select(b => b.GetAttribute("aria-label")));
        Assert.Equal(string.Join(",", list.Items.Take(10).Select(j => $"Dispute job {j.JobId}")), Shown());
        cut.OnRenderer(() => cut.FindAll("[data-testid=disputable-pages] button").Single(b => b.TextContent.Trim() == "3").Click());
        cut.WaitForAssertion(() => Assert.Equal(string.Join(",", list.Items.Skip(20).Select(j => $"Dispute job {j.JobId}")), Shown()));
    }

    /// <summary>
    /// A dispute leaves the other Dispute buttons enabled while it is sent, and moves keyboard focus to its outcome:
    /// the disputed row leaves the list with the button that was pressed, so focus is not dropped to the page body.
    /// </summary>
    [Fact]
    public async Task A_dispute_keeps_keyboard_focus_on_its_outcome()
    {
        var (_, cut) = await DisputableFailuresAsync(2);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=disputable-table] tbody tr").Count));
        // Found and clicked in one turn of the renderer: the list renders twice as it loads, and a button found between
        // the two renders holds a handler id the second one replaced.
        var jobId = "";
        cut.OnRenderer(() =>
        {
            var first = cut.FindAll("[data-testid=disputable-table] tbody tr button")[0];
            jobId = first.GetAttribute("aria-label")!.Replace("Dispute job ", "", StringComparison.Ordinal);
            first.Click();
        });

        cut.WaitForAssertion(() =>
        {
            Assert.Contains($"Job {jobId} disputed", cut.Find("[data-testid=dispute-outcome]").TextContent);
            Assert.Single(cut.FindAll("[data-testid=disputable-table] tbody tr"));
            Assert.All(cut.FindAll("[data-testid=disputable-table] tbody tr button"), b => Assert.False(b.HasAttribute("disabled")));
        });
        await AssertFocusReachesAsync(() => cut.Instance.OutcomeElement);
    }

    /// <summary>A take below the offer's minimum fill is refused on the page before any confirmation, and trades nothing.</summary>
    [Fact]
    public async Task An_otc_take_below_the_minimum_fill_is_refused_before_its_confirmation()
    {
        var (_, _, me, dialogs, cut) = await OtcPageWithAnOfferAsync(minimumFill: 50);

        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("input").Single(i => i.ParentElement!.ParentElement!.TextContent.Contains("Quantity to take")).Input("10")));
        // The button names no size that the offer would refuse ("Buy 10 at …" below a 50 XP minimum fill read as a take that would go through).
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Buy 10 at")), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Buy at $0.0200").Click()), TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Contains("minimum fill is 50 XP", cut.Find("[data-testid=take-result]").TextContent));
        Assert.DoesNotContain("Buy XP over the counter?", dialogs.Markup);
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(db.OtcTrades.Where(t => t.TakerOperatorId == me).ToList());
    }

    /// <summary>
    /// A quantity to take that no offer could take (not a whole number, or below 1 XP) is marked under the field as it is
    /// typed; before, the take buttons only dropped the size from their labels and the reason came after a press.
    /// </summary>
    [Theory]
    [InlineData("abc", "whole number of XP")]
    [InlineData("1.5", "whole number of XP")]
    [InlineData("-5", "at least 1 XP")]
    [InlineData("0", "at least 1 XP")]
    public async Task An_otc_quantity_to_take_no_offer_could_take_is_marked_as_it_is_typed(string typed, string message)
    {
        var (_, _, _, _, cut) = await OtcPageWithAnOfferAsync();
        AngleSharp.Dom.IElement Field() => cut.Find("input[data-testid=take-quantity]");

        cut.WaitForAssertion(() => Assert.Equal("false", Field().GetAttribute("aria-invalid")), TimeSpan.FromSeconds(5));
        cut.OnRenderer(() => Field().Input(typed));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("true", Field().GetAttribute("aria-invalid"));
            Assert.Contains(message, Assert.Single(cut.FindAll(".mud-input-helper-text.mud-input-error")).TextContent);
        });
        cut.OnRenderer(() => Field().Input("10"));
        cut.WaitForAssertion(() => Assert.Equal("false", Field().GetAttribute("aria-invalid")));
    }

    /// <summary>
    /// A take the account cannot pay for is refused on the page before any confirmation, with what it has and what the
    /// take needs, and trades nothing: it had asked to confirm a sale of 45,000 XP by an operator with none.
    /// </summary>
    [Fact]
    public async Task An_otc_take_the_account_cannot_pay_for_is_refused_before_its_confirmation()
    {
        var (_, _, me, dialogs, cut) = await OtcPageWithAnOfferAsync(takerDollars: 1);

        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Buy 100 at $0.0200")).Click()), TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Contains("You have $1.00 available; this needs $2.00", cut.Find("[data-testid=take-result]").TextContent));
        Assert.DoesNotContain("Buy XP over the counter?", dialogs.Markup);
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(db.OtcTrades.Where(t => t.TakerOperatorId == me).ToList());
    }

    /// <summary>
    /// A take of more than the offer has left is refused before any confirmation, not cut to what is left, and the
    /// offer's button names no size while the field holds one it cannot take.
    /// </summary>
    [Fact]
    public async Task An_otc_take_of_more_than_is_left_is_refused_not_cut_to_fit()
    {
        var (_, _, me, dialogs, cut) = await OtcPageWithAnOfferAsync();

        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("input").Single(i => i.ParentElement!.ParentElement!.TextContent.Contains("Quantity to take")).Input("999999")));
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Buy at $0.0200").Click()), TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Contains("This offer has only 100 XP left", cut.Find("[data-testid=take-result]").TextContent));
        Assert.DoesNotContain("Buy XP over the counter?", dialogs.Markup);
        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(db.OtcTrades.Where(t => t.TakerOperatorId == me).ToList());
    }

    /// <summary>
    /// The unlock panel opens above the list, away from the row's Request unlock button: keyboard focus goes to its
    /// amount, so Tab does not carry on down the list past it.
    /// </summary>
    [Fact]
    public void Unlock_panel_focus_goes_to_its_amount()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<TimeProvider>());
        var lockView = new LockView(7, 3, "Scout", 500, Data.Entities.LockStatus.Locked, new DateTime(2025, 12, 1), null, null, null);
        var agent = new AgentView(3, 1, "op", "Scout", "", new DateTime(2025, 1, 1), null, 0, 0, 0m, 500, 0, 0,
            TrustScore.Compute(new TrustInputs(new Core.Primitives.Xp(500), TimeSpan.FromDays(30), 0m, 0)), TimeSpan.FromDays(30));

        var cut = Render<UnlockPanel>(p => p.Add(x => x.Lock, lockView).Add(x => x.Agent, agent));

        var focused = (Microsoft.AspNetCore.Components.ElementReference)Assert.Single(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus").Arguments[0]!;
        Assert.Equal(cut.Find("input").GetAttribute("blazor:elementreference"), focused.Id);
    }

    /// <summary>A posted offer is confirmed beside the form, with its id, side, size and price.</summary>
    [Fact]
    public async Task A_posted_offer_is_confirmed_beside_the_form()
    {
        await _kit.Host.Ready;
        await _kit.Host.ExecuteAsync(s => { if (s.Engine.ReferencePrice is null) s.Engine.SetReferencePrice(new Core.Primitives.Price(200)); return 0; });
        var (cut, Field) = await OtcPageSignedInAsync("otc-post");

        cut.OnRenderer(() => Field("offer-price").Input("0.0200"));
        cut.OnRenderer(() => Field("offer-quantity").Input("40"));
        var sent = System.Diagnostics.Stopwatch.StartNew();
        await cut.OnRenderer(() => cut.Find("button:contains('Post offer')").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Matches(@"Offer #\d+ posted: sell 40 XP at \$0\.0200 per XP", cut.Find("[data-testid=offer-posted]").TextContent));

        // A second press just after (the emptied form's double click) keeps the confirmation and asks for nothing. It is
        // "just after" only within the repeat window, which started after the first press: a machine slow enough to
        // pass it makes the second press a new, empty form.
        await cut.OnRenderer(() => cut.Find("button:contains('Post offer')").ClickAsync(new()));
        if (sent.Elapsed < XpFlywheel.Web.Components.Shared.FormKey.RepeatWindow)
        {
            Assert.Matches(@"Offer #\d+ posted", cut.Find("[data-testid=offer-posted]").TextContent);
            Assert.DoesNotContain("Enter how much XP to offer.", cut.Markup);
        }
    }

    [Fact]
    public async Task An_otc_take_declined_in_its_confirmation_trades_nothing()
    {
        var (_, _, me, dialogs, cut) = await OtcPageWithAnOfferAsync();

        var clicked = Task.CompletedTask;
        cut.WaitForAssertion(() => clicked = cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Buy 100")).ClickAsync(new())), TimeSpan.FromSeconds(5));
        dialogs.WaitForAssertion(() => dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click()));
        await clicked;

        await using var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(db.OtcTrades.Where(t => t.TakerOperatorId == me).ToList());
    }

    [Fact]
    public void Unlock_MoreThanTheLockHolds_IsRefusedWithAMessage_NotCutToFit()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<TimeProvider>());
        var confirmed = new List<long>();
        var lockView = new LockView(7, 3, "Scout", 500, Data.Entities.LockStatus.Locked, new DateTime(2025, 12, 1), null, null, null);
        var agent = new AgentView(3, 1, "op", "Scout", "", new DateTime(2025, 1, 1), null, 0, 0, 0m, 500, 0, 0,
            TrustScore.Compute(new TrustInputs(new Core.Primitives.Xp(500), TimeSpan.FromDays(30), 0m, 0)), TimeSpan.FromDays(30));
        var cut = Render<UnlockPanel>(p => p.Add(x => x.Lock, lockView).Add(x => x.Agent, agent).Add(x => x.Confirmed, (long xp) => confirmed.Add(xp)));

        cut.OnRenderer(() => cut.Find("input").Input("600"));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Confirm unlock")).Click());

        Assert.Contains("This lock holds 500 XP; you cannot unlock 600 XP.", cut.Find("[data-testid=unlock-error]").TextContent);
        // No score is previewed for an amount the lock cannot give.
        Assert.Empty(cut.FindAll("[data-testid=unlock-preview]"));
        Assert.Empty(confirmed);
        cut.OnRenderer(() => cut.Find("input").Input("200"));
        // The refusal was about 600: editing the amount takes it away, and the preview is of 200.
        Assert.Empty(cut.FindAll("[data-testid=unlock-error]"));
        Assert.Single(cut.FindAll("[data-testid=unlock-preview]"));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Confirm unlock")).Click());
        Assert.Equal([200L], confirmed);
    }

    /// <summary>
    /// The burn calculator's volume field says what is wrong with text it cannot read, and shows no figures for it (they
    /// would be for the last readable volume); a readable volume brings them back.
    /// </summary>
    [Theory]
    [InlineData("abc", "digits, with no sign or letters")]
    [InlineData("-100", "digits, with no sign or letters")]
    [InlineData("1e99", "digits, with no sign or letters")]
    [InlineData("10.001", "at most two decimals")]
    [InlineData("2000000000000", "at most $1,000,000,000,000.00")]
    [InlineData("", "Enter a provider volume")]
    // The app's one rule for decimals: "2,500" could be 2500 or 2.5 and is refused naming both; "12,50,000" groups nothing.
    [InlineData("2,500", "could be 2500 or 2.5")]
    [InlineData("12,50,000", "commas between thousands only beside a point")]
    public async Task The_burn_calculator_refuses_a_volume_it_cannot_read_and_shows_no_stale_figures(string typed, string message)
    {
        var (_, _, cut) = await TiersPageWithTenXpToBurnAsync("calculator");
        AngleSharp.Dom.IElement Volume() =>
            cut.Find("[data-testid=calculator-volume]") is { TagName: "INPUT" } input ? input : cut.Find("[data-testid=calculator-volume] input");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=burn-calculator]")));

        cut.WaitForAssertion(() => Volume().Input(typed));
        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup), TimeSpan.FromSeconds(5));
        Assert.Empty(cut.FindAll("[data-testid=burn-calculator]"));

        cut.WaitForAssertion(() => Volume().Input("1,250,000.50"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=burn-calculator]")), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(message, cut.Markup);
    }

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("-5", "without a minus sign")]
    [InlineData("1e2", "Enter whole XP in digits only")]
    [InlineData("101", "You have 100 XP available; you cannot burn 101 XP.")]
    public async Task Burn_InvalidAmount_IsRefusedBeforeTheIrreversibleConfirmation(string amount, string message)
    {
        await _kit.Host.Ready;
        var email = $"burner-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 100);
        await _kit.AgentAsync(me);
        await SignInAsync(email);
        Interactive();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TiersPage>();
        cut.WaitForAssertion(() => cut.Find("button:contains('Burn XP')"));

        // The page may re-render between finding an element and using it (a live refresh): find it again then.
        TypeXpToBurn(cut, amount);
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Burn XP")).Click()));

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup));
        Assert.DoesNotContain("Burn irreversibly", dialogs.Markup);
        // No tier is promised "afterwards" for a burn that cannot be made.
        Assert.DoesNotContain("Afterwards:", cut.Markup);
        Assert.Equal(100, (await _kit.Tiers.OverviewAsync(me)).AvailableXp);
    }

    [Fact]
    public async Task Burn_DoubleClick_OpensOneConfirmation_AndBurnsOnce()
    {
        var (me, dialogs, cut) = await TiersPageWithTenXpToBurnAsync("double");

        // The second click lands while the first one's confirmation is open.
        var clicks = DoubleClick.OnAsync(cut, "Burn XP");
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly")));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Burn irreversibly")).Click());
        await clicks;

        cut.WaitForAssertion(() => Assert.Contains("Burned 10 XP", cut.Markup));
        Assert.DoesNotContain(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly"));
        Assert.Equal(90, (await _kit.Tiers.OverviewAsync(me)).AvailableXp);
    }

    /// <summary>
    /// While a burn's confirmation is open the Burn XP button stays enabled (a second press opens no second dialog): a
    /// disabled button drops the keyboard focus to the page body, so Cancel or Escape would give it back there.
    /// Declined, nothing is burned.
    /// </summary>
    [Fact]
    public async Task Burn_button_stays_enabled_while_its_confirmation_is_open_and_declining_burns_nothing()
    {
        var (me, dialogs, cut) = await TiersPageWithTenXpToBurnAsync("burn-asking");
        AngleSharp.Dom.IElement BurnButton() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Burn XP");

        var submitted = SubmitBurnFormAsync(cut);
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly")));
        Assert.False(BurnButton().HasAttribute("disabled"));
        await SubmitBurnFormAsync(cut);
        Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly"));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await submitted;

        cut.WaitForAssertion(() => Assert.False(BurnButton().HasAttribute("disabled")));
        Assert.Equal(100, (await _kit.Tiers.OverviewAsync(me)).AvailableXp);
    }

    [Fact]
    public async Task Enter_in_the_burn_field_asks_for_the_burn_as_the_button_does()
    {
        var (me, dialogs, cut) = await TiersPageWithTenXpToBurnAsync("enter-burn");

        var submitted = SubmitBurnFormAsync(cut);
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly")));
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Burn irreversibly")).Click());
        await submitted;

        cut.WaitForAssertion(() => Assert.Contains("Burned 10 XP", cut.Markup));
        Assert.Equal(90, (await _kit.Tiers.OverviewAsync(me)).AvailableXp);
    }

    // A signed-in operator with 100 XP and an agent, on /tiers with 10 XP typed in the burn field.
    /// <summary>
    /// The burn calculator's volume is the one the page states: it follows the operator's provider volume as jobs
    /// arrive, until the reader types a volume of their own, which then stays.
    /// </summary>
    [Fact]
    public async Task The_burn_calculator_volume_follows_the_stated_volume_until_typed()
    {
        var (me, _, cut) = await TiersPageWithTenXpToBurnAsync("volume-follows");
        var provider = (await _kit.Agents.ListAsync(me)).Single().Id;
        var client = await _kit.OperatorAsync(dollars: 100);
        var clientAgent = await _kit.AgentAsync(client);
        AngleSharp.Dom.IElement Volume() =>
            cut.Find("[data-testid=calculator-volume]") is { TagName: "INPUT" } input ? input : cut.Find("[data-testid=calculator-volume] input");
        cut.WaitForAssertion(() => Assert.Equal("0.00", Volume().GetAttribute("value")));

        Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, provider, 12.5m, succeeded: true)).Succeeded);
        cut.WaitForAssertion(() => Assert.Equal("12.50", Volume().GetAttribute("value")), TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Volume().Input("5000"));
        Assert.True((await _kit.Jobs.RecordAsync(client, clientAgent, provider, 20m, succeeded: true)).Succeeded);
        cut.WaitForAssertion(() => Assert.Contains("$32.50", cut.Markup), TimeSpan.FromSeconds(5));
        Assert.Equal("5000", Volume().GetAttribute("value"));
    }

    /// <summary>
    /// A burn above the most one burn may be names that limit in the field, whatever the number of digits, and burns
    /// nothing: the field said "at most 9,223,372,036,854,775,807 XP" for twenty digits while the burn refused thirteen
    /// as "from 1 to 1,000,000,000,000", two limits for one field.
    /// </summary>
    [Theory]
    [InlineData("1000000000001")]
    [InlineData("9223372036854775808")]
    public async Task A_burn_above_the_limit_names_the_one_limit_and_burns_nothing(string typed)
    {
        var (me, dialogs, cut) = await TiersPageWithTenXpToBurnAsync("burn-limit");
        TypeXpToBurn(cut, typed);

        await SubmitBurnFormAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains("at most 1,000,000,000,000 XP", cut.Markup));
        Assert.DoesNotContain("9,223,372,036,854,775,807", cut.Markup);
        Assert.DoesNotContain(dialogs.FindAll("button"), b => b.TextContent.Contains("Burn irreversibly"));
        Assert.Equal(100, (await _kit.Tiers.OverviewAsync(me)).AvailableXp);
    }

    private async Task<(long Operator, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<TiersPage> Page)> TiersPageWithTenXpToBurnAsync(string name)
    {
        await _kit.Host.Ready;
        var email = $"{name}-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 0, 100);
        await _kit.AgentAsync(me);
        await SignInAsync(email);
        Interactive();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<TiersPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=burn-form]"));
        TypeXpToBurn(cut, "10");
        return (me, dialogs, cut);
    }

    // The tiers page re-renders on its live refresh: a field found just before one has lost its handler. The form is found
    // and submitted in one step on the renderer's dispatcher; the field is found again until the input lands.
    private static Task SubmitBurnFormAsync(IRenderedComponent<TiersPage> cut) =>
        cut.InvokeAsync(() => cut.Find("[data-testid=burn-form]").SubmitAsync());

    private static void TypeXpToBurn(IRenderedComponent<TiersPage> cut, string xp) =>
        cut.WaitForAssertion(() => cut.OnRenderer(() => cut.FindAll("input").Single(i => i.ParentElement!.ParentElement!.TextContent.Contains("XP to burn")).Input(xp)));

    // A signed-in operator with $100 and 1,000 XP on /otc, and a look-up of the page's fields by test id.
    private async Task<(IRenderedComponent<XpFlywheel.Web.Otc.OtcPage> Page, Func<string, AngleSharp.Dom.IElement> Field)> OtcPageSignedInAsync(string name)
    {
        foreach (var type in new[] { typeof(XpFlywheel.Web.Otc.OtcService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider), typeof(Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        await _kit.Host.Ready;
        var email = $"{name}-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, 100, 1_000);
        await SignInAsync(email);
        Interactive();
        var cut = Render<XpFlywheel.Web.Otc.OtcPage>();
        cut.WaitForAssertion(() => cut.Find("button:contains('Post offer')"));
        return (cut, testId => cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input"));
    }

    // Another operator's public offer of 100 XP at $0.0200, and a signed-in taker with $100 on /otc.
    private async Task<(XpFlywheel.Web.Otc.OtcService Otc, long OfferId, long Me, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<XpFlywheel.Web.Otc.OtcPage> Page)> OtcPageWithAnOfferAsync(
        long minimumFill = 1, decimal takerDollars = 100)
    {
        foreach (var type in new[] { typeof(XpFlywheel.Web.Otc.OtcService), typeof(XpFlywheel.Web.Parameters.ParameterBoard), typeof(TimeProvider), typeof(Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        var otc = _app.Services.GetRequiredService<XpFlywheel.Web.Otc.OtcService>();
        await _kit.Host.Ready;
        await _kit.Host.ExecuteAsync(s => { if (s.Engine.ReferencePrice is null) s.Engine.SetReferencePrice(new Core.Primitives.Price(200)); return 0; });
        var maker = await Operators.CreateAsync(_app.Services, $"otc-maker-{Guid.NewGuid():N}@test.local");
        await Operators.FundAsync(_app.Services, maker, 0, 1_000);
        var offer = await otc.PostOfferAsync(maker, Core.Matching.Side.Sell, 200, 100, minimumFill, DateTime.UtcNow.AddHours(1), null);
        Assert.True(offer.Succeeded, offer.Message);
        var email = $"otc-taker-{Guid.NewGuid():N}@test.local";
        var me = await Operators.CreateAsync(_app.Services, email);
        await Operators.FundAsync(_app.Services, me, takerDollars, 0);
        await SignInAsync(email);
        Interactive();
        var dialogs = Render<MudDialogProvider>();
        return (otc, offer.Value!.Id, me, dialogs, Render<XpFlywheel.Web.Otc.OtcPage>());
    }

    // The job form of a new operator with $10 and one agent, interactive.
    private async Task<(long Me, IRenderedComponent<RecordJobForm> Form)> RecordJobFormAsync()
    {
        await _kit.Host.Ready;
        var me = await _kit.OperatorAsync(dollars: 10);
        var client = await _kit.AgentAsync(me);
        var agents = (await _kit.Agents.ListAsync(me)).ToList();
        Interactive();
        return (me, Render<RecordJobForm>(p => p.Add(x => x.OperatorId, me).Add(x => x.ClientAgents, agents).Add(x => x.ClientAgentId, client)));
    }

    private void Interactive() => Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    private async Task SignInAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user!.Id));
    }
}
