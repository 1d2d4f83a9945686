using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>The order ticket takes input as traders type it: Enter submits, a tick step, either decimal separator, an own id.</summary>
public sealed class OrderTicketInputTests : MudTestContext
{
    private readonly ExchangeFeed _feed = new(NullLogger<ExchangeFeed>.Instance);
    private readonly FakeOrderDesk _desk = new();

    public OrderTicketInputTests()
    {
        var market = new MarketDataService(_feed, TimeProvider.System);
        market.Rebuild([]);
        Services.AddSingleton(_feed);
        Services.AddSingleton(market);
        Services.AddSingleton<IOrderDesk>(_desk);
        Services.AddSingleton(new ParameterBoard());
    }

    /// <summary>Market turns GTC into IOC; choosing Limit again brings GTC back, so a limit order does not expire unasked. A market ticket offers no GTC.</summary>
    [Fact]
    public void Ticket_limit_chosen_after_market_is_good_till_cancelled_again()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        string Selected() => cut.Find("select[data-testid=order-tif]").QuerySelector("option[selected]")?.GetAttribute("value")
            ?? cut.Find("select[data-testid=order-tif]").QuerySelector("option")!.GetAttribute("value")!;
        Assert.Equal("Gtc", Selected());

        cut.OnRenderer(() => cut.Find("input[type=radio][value=Market]").Click());
        Assert.Equal("Ioc", Selected());
        Assert.DoesNotContain(cut.FindAll("select[data-testid=order-tif] option"), o => o.GetAttribute("value") == "Gtc");

        cut.OnRenderer(() => cut.Find("input[type=radio][value=Limit]").Click());
        Assert.Equal("Gtc", Selected());
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Equal(TimeInForce.Gtc, Assert.Single(_desk.Placed).Request.TimeInForce));
    }

    /// <summary>
    /// The preview walks the others' orders only: an order never trades against its operator's own (SPEC §8). A market
    /// buy of 300 XP beside your own 200 XP ask at the best price is previewed at the others' asks, 100 of it beyond them.
    /// </summary>
    [Fact]
    public void Ticket_preview_leaves_your_own_resting_orders_out_of_the_book_it_walks()
    {
        var best = new XpFlywheel.Core.Primitives.Price(200);
        var next = new XpFlywheel.Core.Primitives.Price(210);
        _desk.Resting.Add(new OrderView(501, 7, Side.Sell, best, new XpFlywheel.Core.Primitives.Xp(200), 1, 0, 200, false));
        _feed.Publish(new BookChanged(new BookSnapshot(1, [],
            [new DepthLevel(best, new XpFlywheel.Core.Primitives.Xp(250), 2), new DepthLevel(next, new XpFlywheel.Core.Primitives.Xp(150), 1)],
            null, best, false, DateTimeOffset.UtcNow)));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[type=radio][value=Market]").Click());
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("300"));

        // The others': 50 at 0.0200 and 150 at 0.0210 = $4.15 for 200 XP; 100 XP beyond them.
        cut.WaitForAssertion(() => Assert.Contains("$4.15", cut.Find("[data-testid=preview-notional]").TextContent));
        Assert.Contains("100 XP beyond the asks", cut.Find("[data-testid=preview-unfilled]").TextContent);
    }

    /// <summary>An accepted order whose rest ended unfilled says so, with why: it is not reported as a plain success with nothing resting.</summary>
    [Fact]
    public void Ticket_says_what_of_an_order_expired_or_was_cancelled_by_self_trade_prevention()
    {
        OrderOutcome Outcome(long filled, long resting, params CancelledOrder[] cancelled) =>
            new(true, RejectReason.None, 42, false, filled, resting, [], cancelled, 2_000);
        var rest = new XpFlywheel.Core.Primitives.Xp(3_000);

        Assert.Equal("Order #42: 100 XP filled, 900 XP resting.", OrderOutcomeText.Placed(Outcome(100, 900)));
        Assert.Equal("Order #42: 1,000 XP filled.", OrderOutcomeText.Placed(Outcome(1_000, 0)));
        Assert.Contains("the other 3,000 XP expired unfilled", OrderOutcomeText.Placed(
            Outcome(0, 0, new CancelledOrder(42, 7, Side.Sell, new XpFlywheel.Core.Primitives.Price(215), rest, CancelReason.Expired))));
        Assert.Contains("self-trade prevention", OrderOutcomeText.Placed(
            Outcome(0, 0, new CancelledOrder(42, 7, Side.Sell, new XpFlywheel.Core.Primitives.Price(215), rest, CancelReason.SelfTradePrevention))));
    }

    /// <summary>
    /// An order that traded says what its fills came to, to the micro-dollar: the average price, the amount and the
    /// taker fee (plus for a buy, less for a sell), as the trade history adds them up; not only how much XP filled.
    /// </summary>
    [Fact]
    public void Ticket_says_the_average_price_amount_and_fee_of_what_filled()
    {
        Fill Taken(long trade, long ticks, long quantity, long fee, Side side) =>
            new(trade, 9, 42, 8, 7, new XpFlywheel.Core.Primitives.Price(ticks), new XpFlywheel.Core.Primitives.Xp(quantity), side,
                new XpFlywheel.Core.Primitives.Cash(fee), XpFlywheel.Core.Primitives.Cash.Zero);
        OrderOutcome Outcome(long filled, long resting, params Fill[] fills) => new(true, RejectReason.None, 42, false, filled, resting, fills, [], 2_000);

        Assert.Equal("Order #42: 3,000 XP filled at avg $0.0199 ($59.70 plus a taker fee of $0.0597).",
            OrderOutcomeText.Placed(Outcome(3_000, 0, Taken(1, 198, 1_500, 29_700, Side.Buy), Taken(2, 200, 1_500, 30_000, Side.Buy))));
        Assert.Equal("Order #42: 100 XP filled at avg $0.0200 ($2.00 less a taker fee of $0.002), 900 XP resting.",
            OrderOutcomeText.Placed(Outcome(100, 900, Taken(3, 200, 100, 2_000, Side.Sell))));
    }

    /// <summary>
    /// An own resting order that self-trade prevention cancelled because of the order sent is named, at placement and
    /// at an amend that crossed: it vanishes from the list, and the trader is told which and why.
    /// </summary>
    [Fact]
    public void Ticket_and_amend_name_own_orders_cancelled_by_self_trade_prevention()
    {
        var price = new XpFlywheel.Core.Primitives.Price(215);
        var resting = new CancelledOrder(41, 7, Side.Sell, price, new XpFlywheel.Core.Primitives.Xp(3_000), CancelReason.SelfTradePrevention);
        OrderOutcome Outcome(long filled, long rests, params CancelledOrder[] cancelled) =>
            new(true, RejectReason.None, 42, false, filled, rests, [], cancelled, 2_000);

        Assert.Equal("Order #42: 0 XP filled, 500 XP resting. Self-trade prevention cancelled your order #41 (3,000 XP at $0.0215): it would have traded with this one.",
            OrderOutcomeText.Placed(Outcome(0, 500, resting)));
        Assert.Equal("Order #42 amended: 0 XP filled, 500 XP resting. Self-trade prevention cancelled your order #41 (3,000 XP at $0.0215): it would have traded with this one.",
            OrderOutcomeText.Amended(Outcome(0, 500, resting)));
        Assert.Equal("Order #42 amended: 40 XP filled, 60 XP resting.", OrderOutcomeText.Amended(Outcome(40, 60)));
        Assert.Equal("Order #42 amended: 100 XP filled.", OrderOutcomeText.Amended(Outcome(100, 0)));
        // An amend that only changed the order adds nothing: the list shows it.
        Assert.Null(OrderOutcomeText.Amended(Outcome(0, 60)));
        Assert.Contains("your orders #41 (3,000 XP at $0.0215), #40", OrderOutcomeText.Placed(Outcome(0, 500, resting, resting with { OrderId = 40 })));
    }

    /// <summary>An order part of which ended unfilled is reported as a warning, not in the green of a complete success.</summary>
    [Fact]
    public void Ticket_reports_an_unfilled_remainder_as_a_warning()
    {
        OrderOutcome Outcome(long filled, long resting, params CancelledOrder[] cancelled) =>
            new(true, RejectReason.None, 42, false, filled, resting, [], cancelled, 2_000);
        var rest = new XpFlywheel.Core.Primitives.Xp(3_000);
        var price = new XpFlywheel.Core.Primitives.Price(215);

        Assert.Equal(MudBlazor.Severity.Success, OrderOutcomeText.Severity(Outcome(100, 900)));
        Assert.Equal(MudBlazor.Severity.Success, OrderOutcomeText.Severity(Outcome(1_000, 0)));
        Assert.Equal(MudBlazor.Severity.Warning, OrderOutcomeText.Severity(Outcome(0, 0, new CancelledOrder(42, 7, Side.Sell, price, rest, CancelReason.Expired))));
        Assert.Equal(MudBlazor.Severity.Warning, OrderOutcomeText.Severity(Outcome(500, 0, new CancelledOrder(42, 7, Side.Sell, price, rest, CancelReason.SelfTradePrevention))));
        // Another order of the trader's that self-trade prevention cancelled (the resting one) is a warning too: it left the list.
        Assert.Equal(MudBlazor.Severity.Warning, OrderOutcomeText.Severity(Outcome(0, 3_000, new CancelledOrder(41, 7, Side.Buy, price, rest, CancelReason.SelfTradePrevention))));
    }

    /// <summary>A quantity beyond the largest (however many digits) is told as such, not as "not a whole number", and nothing is sent.</summary>
    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("1000000001")]
    public void Ticket_quantity_beyond_the_largest_names_the_largest(string typed)
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input(typed));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Contains("at most 1,000,000,000 XP", cut.Markup));
        Assert.Empty(_desk.Placed);
    }

    /// <summary>
    /// A price or quantity the order could not be sent with is told under its field as it is typed, not only after a
    /// submit: the same checks the exchange applies (tick, range, whole XP), and nothing is sent on submit either.
    /// </summary>
    [Theory]
    [InlineData("order-price", "0.02505", "multiple of the 0.0001 tick")]
    [InlineData("order-price", "1000.0001", "at most $1,000 per XP")]
    [InlineData("order-price", "0", "must be above $0")]
    [InlineData("order-price", "-0.02", "without a minus sign")]
    [InlineData("order-quantity", "0", "at least 1 XP")]
    [InlineData("order-quantity", "1000000001", "at most 1,000,000,000 XP")]
    [InlineData("order-quantity", "2.5", "whole number of XP")]
    public void Ticket_field_problems_show_as_they_are_typed(string field, string typed, string message)
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        Assert.Empty(cut.FindAll(".mud-input-error"));

        cut.OnRenderer(() => cut.Find($"input[data-testid={field}]").Input(typed));

        Assert.Contains(message, Assert.Single(cut.FindAll(".mud-input-helper-text.mud-input-error")).TextContent);
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Contains(message, cut.Find("[data-testid=order-error]").TextContent));
        Assert.Empty(_desk.Placed);
    }

    /// <summary>
    /// A ticket submitted with its price and quantity left empty marks each field under itself as missing (red, with
    /// aria-invalid), as a field typed wrong is, not only in the summary above the button; a field filled in clears its mark.
    /// </summary>
    [Fact]
    public void Ticket_submitted_empty_marks_each_missing_field_under_itself()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        Assert.Empty(cut.FindAll(".mud-input-error"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("true", cut.Find("input[data-testid=order-price]").GetAttribute("aria-invalid"));
            Assert.Equal("true", cut.Find("input[data-testid=order-quantity]").GetAttribute("aria-invalid"));
            var notes = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(n => n.TextContent).ToList();
            Assert.Contains(notes, n => n.Contains("Enter a limit price"));
            Assert.Contains(notes, n => n.Contains("Enter a quantity of at least 1 XP"));
        });
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        Assert.Equal("false", cut.Find("input[data-testid=order-price]").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find("input[data-testid=order-quantity]").GetAttribute("aria-invalid"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Single(_desk.Placed));
        Assert.Empty(cut.FindAll(".mud-input-error"));
        Assert.Equal(10, Assert.Single(_desk.Placed).Request.Quantity);
    }

    [Fact]
    public void Ticket_EnterInAField_PlacesTheOrder()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));

        // Enter in a text field submits its form; the place button is that form's submit button.
        Assert.Equal("submit", cut.Find("[data-testid=place-order]").GetAttribute("type"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Single(_desk.Placed));
        Assert.Equal((0.0200m, 10L), (_desk.Placed[0].Request.Price, _desk.Placed[0].Request.Quantity));
    }

    /// <summary>
    /// A second Enter on an unchanged ticket just after an order (the first already answered) carries the first one's
    /// key, so the exchange answers it as a repeat and places nothing; an edit starts a new order.
    /// </summary>
    [Fact]
    public void Ticket_submitted_again_unchanged_right_after_an_order_repeats_its_key_and_an_edit_draws_a_new_one()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Single(_desk.Keys));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Equal(2, _desk.Keys.Count));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("11"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Equal(3, _desk.Keys.Count));

        Assert.NotNull(_desk.Keys[0]);
        Assert.Equal(_desk.Keys[0], _desk.Keys[1]);
        Assert.NotEqual(_desk.Keys[1], _desk.Keys[2]);
    }

    /// <summary>
    /// Enter held or pressed over and over on an unchanged ticket places one order: every press within the repeat window
    /// of the last one carries the first order's key (a repeat placed nothing, and the press after it was a second order).
    /// </summary>
    [Fact]
    public void Ticket_submitted_again_and_again_in_quick_succession_places_one_order()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));

        for (var press = 1; press <= 5; press++)
        {
            cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
            cut.WaitForAssertion(() => Assert.Equal(press, _desk.Keys.Count));
        }

        Assert.Single(_desk.Keys.Distinct());
        Assert.Contains("this repeat placed nothing", cut.Markup);
    }

    [Fact]
    public async Task Ticket_submitted_again_after_the_repeat_window_is_a_new_order()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Single(_desk.Keys));
        await Task.Delay(OrderEntry.RepeatWindow + TimeSpan.FromMilliseconds(200));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Equal(2, _desk.Keys.Count));

        Assert.NotEqual(_desk.Keys[0], _desk.Keys[1]);
    }

    /// <summary>A refusal describes the order as it was sent: editing any part of the ticket clears it.</summary>
    [Theory]
    [InlineData("price")]
    [InlineData("quantity")]
    [InlineData("side")]
    [InlineData("tick")]
    [InlineData("percent")]
    [InlineData("type")]
    public void Ticket_EditedAfterARefusal_NoLongerShowsTheRefusal(string edit)
    {
        _desk.NextResult = TradeResult.From(new OrderOutcome(false, RejectReason.PriceOutsideBand, 0, false, 0, 0, [], [], MarketParameters.Default.BandBps));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0900"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=order-error]").TextContent));

        switch (edit)
        {
            case "price": cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200")); break;
            case "quantity": cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("5")); break;
            case "side": cut.OnRenderer(() => cut.Find("[data-testid=side-sell]").Click()); break;
            case "tick": cut.OnRenderer(() => cut.Find("[data-testid=price-down]").Click()); break;
            case "percent": cut.OnRenderer(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "25%").Click()); break;
            default: cut.OnRenderer(() => cut.FindAll("input[type=radio]")[1].Click()); break;
        }

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=order-error]")));
    }

    [Theory]
    [InlineData("1.000")]
    [InlineData("1,5")]
    [InlineData("ten")]
    public void Ticket_QuantityNotAWholeNumber_SaysSoAndPlacesNothing(string typed)
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input(typed));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Contains("whole number of XP", cut.Find("[data-testid=order-error]").TextContent));
        Assert.Empty(_desk.Placed);
    }

    /// <summary>A negative quantity is whole: the ticket says what is wrong with it, the minus sign.</summary>
    [Fact]
    public void Ticket_negative_quantity_is_told_to_drop_the_minus_sign_and_places_nothing()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("-10"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Contains("without a minus sign", cut.Find("[data-testid=order-error]").TextContent));
        Assert.Empty(_desk.Placed);
    }

    [Fact]
    public void Ticket_PriceStep_MovesOneTickUpOrDown()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0250"));

        cut.OnRenderer(() => cut.Find("[data-testid=price-up]").Click());
        cut.WaitForAssertion(() => Assert.Equal("0.0251", cut.Find("input[data-testid=order-price]").GetAttribute("value")));
        cut.OnRenderer(() => cut.Find("[data-testid=price-down]").Click());
        cut.OnRenderer(() => cut.Find("[data-testid=price-down]").Click());
        cut.WaitForAssertion(() => Assert.Equal("0.0249", cut.Find("input[data-testid=order-price]").GetAttribute("value")));
    }

    [Fact]
    public void Ticket_TypedText_IsNeverWrittenBackIntoTheField()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        var price = cut.Find("input[data-testid=order-price]");
        var before = price.GetAttribute("value");

        // Keystrokes arrive one by one while renders happen in between (a book update): the server never sends the
        // field an older text than the browser holds, because it sends typed text back not at all.
        foreach (var typed in new[] { "0", "0.", "0.0", "0.01", "0.018" })
        {
            cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input(typed));
            cut.Render();
            Assert.Equal(before, cut.Find("input[data-testid=order-price]").GetAttribute("value"));
        }
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Equal(0.018m, Assert.Single(_desk.Placed).Request.Price));
    }

    [Fact]
    public void Ticket_CommaDecimalSeparator_ReadsAsTheSamePrice()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0,0250"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("100"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Equal(0.0250m, Assert.Single(_desk.Placed).Request.Price));
        Assert.Equal("$2.50", cut.Find("[data-testid=preview-notional]").TextContent.Trim());
    }

    [Theory]
    [InlineData("0.0250", "0.0250")]
    [InlineData("0,0250", "0.0250")]
    [InlineData(" 1,5 ", "1.5")]
    [InlineData("12,50", "12.5")]
    [InlineData("0,250", "0.25")]
    [InlineData("1,000.50", "1000.50")]
    [InlineData("1,250,000", "1250000")]
    [InlineData("1,000", null)]
    [InlineData("2,500", null)]
    [InlineData("1000,000", null)]
    [InlineData("0,250,000", null)]
    [InlineData("1234,5678", "1234.5678")]
    [InlineData("1.000,50", null)]
    [InlineData("12,50,000", null)]
    [InlineData("1,5.2", null)]
    [InlineData("-0.02", null)]
    [InlineData("abc", null)]
    [InlineData("", null)]
    public void Decimals_read_by_one_rule_a_point_or_lone_comma_for_decimals_commas_grouping_beside_a_point_and_2_500_refused(string text, string? expected) =>
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PriceText.Parse(text));

    [Fact]
    public void Ticket_UnreadablePrice_IsRefusedWithAMessage_AndNothingIsSent()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("1.000,50"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("100"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Contains("Enter the price as a number", cut.Find("[data-testid=order-error]").TextContent));
        Assert.Empty(_desk.Placed);
    }

    [Fact]
    public void Ticket_NegativePrice_IsRefusedAsBelowZero_NotAsUnreadable()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("-0.02"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("100"));

        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());

        cut.WaitForAssertion(() => Assert.Contains("The price must be above $0", cut.Find("[data-testid=order-error]").TextContent));
        Assert.DoesNotContain("as a number", cut.Markup);
        Assert.Empty(_desk.Placed);
    }

    [Fact]
    public void Ticket_ClientOrderId_IsSentWithTheOrder_AndOptional()
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("10"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-client-id]").Change("my-ref-1"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Single(_desk.Placed));

        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("11"));
        cut.OnRenderer(() => cut.Find("form[data-testid=order-form]").Submit());
        cut.WaitForAssertion(() => Assert.Equal(2, _desk.Placed.Count));

        Assert.Equal(["my-ref-1", null], _desk.Placed.Select(p => p.Request.ClientOrderId));
        Assert.Equal(Side.Buy, _desk.Placed[0].Request.Side);
    }
}
