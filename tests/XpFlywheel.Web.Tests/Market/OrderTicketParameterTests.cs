using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>The order ticket reads fees from the published parameter set and sizes buys as the engine holds them.</summary>
public sealed class OrderTicketParameterTests : MudTestContext
{
    private const long Buyer = 7, Seller = 8;

    private readonly ExchangeFeed _feed = new(NullLogger<ExchangeFeed>.Instance);
    private readonly ParameterBoard _board = new();

    public OrderTicketParameterTests()
    {
        var market = new MarketDataService(_feed, TimeProvider.System);
        market.Rebuild([]);
        Services.AddSingleton(_feed);
        Services.AddSingleton(market);
        Services.AddSingleton<IOrderDesk>(new FakeOrderDesk());
        Services.AddSingleton(_board);
    }

    private void PublishMarket(MarketParameters market)
    {
        var next = _board.Current with { Market = market, Version = _board.Current.Version + 1 };
        _board.Publish(next);
        _feed.Publish(new ParametersChanged(next));
    }

    [Fact]
    public void OrderTicketPreviewsTheCurrentTakerFee()
    {
        PublishMarket(MarketParameters.Default with { TakerFeeBps = 100 });
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, Buyer));

        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0200"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("1500"));

        // 1,500 XP × $0.02 = $30; taker fee 1.00% = $0.30; a buy pays both.
        Assert.Contains("taker 1.00%", cut.Find("[data-testid=order-preview]").TextContent);
        // A limit order may rest: the preview says the taker fee is the most it pays, and what resting pays.
        Assert.Contains("Fee, at most", cut.Find("[data-testid=order-preview]").TextContent);
        Assert.Contains("maker 0.00%", cut.Find("[data-testid=order-preview]").TextContent);
        Assert.Equal("$0.30", cut.Find("[data-testid=preview-fee]").TextContent.Trim());
        Assert.Equal("$30.30", cut.Find("[data-testid=preview-total]").TextContent.Trim());

        // A change committed while the ticket is open shows at once.
        PublishMarket(MarketParameters.Default with { TakerFeeBps = 50 });

        cut.WaitForAssertion(() => Assert.Equal("$0.15", cut.Find("[data-testid=preview-fee]").TextContent.Trim()));
        Assert.Contains("taker 0.50%", cut.Find("[data-testid=order-preview]").TextContent);
        Assert.Equal("$30.15", cut.Find("[data-testid=preview-total]").TextContent.Trim());
    }

    /// <summary>
    /// A limit order is previewed at its limit price but crosses at the resting orders' better prices, so its total is
    /// said as a bound (a buy's cost at most, a sell's proceeds at least); a market order's estimate is not.
    /// </summary>
    [Theory]
    [InlineData("side-buy", "Ioc", "Total cost, at most")]
    [InlineData("side-buy", "Gtc", "Total cost, at most")]
    [InlineData("side-sell", "Fok", "You receive, at least")]
    public void Limit_preview_total_is_a_bound(string side, string tif, string label)
    {
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, Buyer));

        cut.OnRenderer(() => cut.Find($"[data-testid={side}]").Click());
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input("0.0201"));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-quantity]").Input("1000"));
        cut.OnRenderer(() => cut.Find("[data-testid=order-tif]").Change(tif));

        var total = cut.Find("[data-testid=preview-total]").ParentElement!;
        Assert.Equal(label, total.Children[0].TextContent.Trim());
        Assert.Equal(side == "side-buy" ? "$20.1201" : "$20.0799", total.Children[1].TextContent.Trim());

        cut.OnRenderer(() => cut.FindAll("input[type=radio]").Single(r => r.GetAttribute("value") == "Market").Click());
        Assert.Equal(side == "side-buy" ? "Total cost" : "You receive", cut.Find("[data-testid=preview-total]").ParentElement!.Children[0].TextContent.Trim());
    }

    // Rows where a budget of price × (1 + taker fee) would overshoot the engine's hold: the fee rounds up per XP
    // (0.0001 at 10 bps holds 101 micros, not 100.1), or the maker fee is the larger one.
    [Theory]
    [InlineData(0, 100, 1_000_000_000L, "0.0200")]
    [InlineData(0, 10, 1_000_000_000L, "0.0001")]
    [InlineData(0, 100, 123_456_789L, "0.0137")]
    [InlineData(50, 10, 1_000_000_000L, "0.0200")]
    [InlineData(0, 1_000, 9_999L, "0.0003")]
    public void FullSizeButtonNeverExceedsWhatTheAccountCanPay(int makerBps, int takerBps, long cashMicros, string price)
    {
        var market = new MarketParameters(makerBps, takerBps);
        PublishMarket(market);
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, Buyer)
            .Add(x => x.Wallet, new Data.Wallet { Id = Buyer, CashAvailable = cashMicros }));
        cut.OnRenderer(() => cut.Find("input[data-testid=order-price]").Input(price));

        cut.OnRenderer(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "100%").Click());

        var quantity = long.Parse(cut.Find("input[data-testid=order-quantity]").GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        var limit = Price.FromDollars(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));
        var (engine, _) = Engine(market, cashMicros);
        Assert.Equal(RejectReason.InsufficientCash, engine.Place(PlaceOrder.Limit(Buyer, Side.Buy, limit, new Xp(quantity + 1))).RejectReason);
        Assert.True(quantity > 0);
        Assert.True(engine.Place(PlaceOrder.Limit(Buyer, Side.Buy, limit, new Xp(quantity))).IsAccepted);
    }

    [Fact]
    public void FullSizeButtonNeverExceedsWhatTheAccountCanPayForAMarketBuy()
    {
        var market = MarketParameters.Default with { TakerFeeBps = 100 };
        PublishMarket(market);
        const long cash = 1_000_000_000;
        var ask = Price.FromDollars(0.0200m);
        _feed.Publish(new BookChanged(new BookSnapshot(1, [], [new DepthLevel(ask, new Xp(1_000_000), 1)], null, ask, false, DateTimeOffset.UtcNow)));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, Buyer)
            .Add(x => x.Wallet, new Data.Wallet { Id = Buyer, CashAvailable = cash }));
        cut.OnRenderer(() => cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Market").QuerySelector("input")!.Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("input[data-testid=order-price]")));

        cut.OnRenderer(() => cut.FindAll("button").First(b => b.TextContent.Trim() == "100%").Click());

        // The engine holds a market buy at the band's edge (0.0240 here), not at the best ask.
        var quantity = long.Parse(cut.Find("input[data-testid=order-quantity]").GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        var (engine, ledger) = Engine(market, cash);
        ledger.Emit(Seller, 1_000_000, PostingReason.Emission, 0);
        Assert.True(engine.SetReferencePrice(ask).IsAccepted);
        Assert.True(engine.Place(PlaceOrder.Limit(Seller, Side.Sell, ask, new Xp(1_000_000))).IsAccepted);
        Assert.Equal(RejectReason.InsufficientCash, engine.Place(PlaceOrder.Market(Buyer, Side.Buy, new Xp(quantity + 1), TimeInForce.Ioc)).RejectReason);
        Assert.True(quantity > 0);
        Assert.True(engine.Place(PlaceOrder.Market(Buyer, Side.Buy, new Xp(quantity), TimeInForce.Ioc)).IsAccepted);
    }

    /// <summary>
    /// A market buy's size buttons spend their share of the cash at the asks it would take (fee included), not at the
    /// band's edge where it is held (25% spent about 21%), and never size beyond the asks in view.
    /// </summary>
    [Theory]
    [InlineData(1_000_000L, 25)]
    [InlineData(1_000_000L, 50)]
    [InlineData(1_000L, 25)]
    public void A_market_buys_size_button_spends_its_share_at_the_asks_in_view(long depth, int percent)
    {
        var market = MarketParameters.Default with { TakerFeeBps = 10 };
        PublishMarket(market);
        const long cash = 1_000_000_000;
        var ask = Price.FromDollars(0.0200m);
        _feed.Publish(new BookChanged(new BookSnapshot(1, [], [new DepthLevel(ask, new Xp(depth), 1)], null, ask, false, DateTimeOffset.UtcNow)));
        var cut = Render<OrderEntry>(p => p.Add(x => x.OperatorId, Buyer)
            .Add(x => x.Wallet, new Data.Wallet { Id = Buyer, CashAvailable = cash }));
        cut.OnRenderer(() => cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Market").QuerySelector("input")!.Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("input[data-testid=order-price]")));

        cut.OnRenderer(() => cut.FindAll("button").First(b => b.TextContent.Trim() == $"{percent}%").Click());

        var quantity = long.Parse(cut.Find("input[data-testid=order-quantity]").GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        var spent = quantity * market.BuyHoldPerXp(ask);
        var share = cash * percent / 100;
        if (depth * market.BuyHoldPerXp(ask) >= share)
            Assert.InRange(spent, share - market.BuyHoldPerXp(ask), share);
        else
            Assert.Equal(depth, quantity);
        Assert.Empty(cut.FindAll("[data-testid=preview-unfilled]"));
    }

    private static (MatchingEngine Engine, AccountLedger Ledger) Engine(MarketParameters market, long buyerCash)
    {
        var ledger = new AccountLedger();
        ledger.Deposit(Buyer, buyerCash, 0);
        return (new MatchingEngine(ledger, market), ledger);
    }
}
