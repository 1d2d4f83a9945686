using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching;

/// <summary>A fresh ledger and engine per test, operators funded with cash and XP, invariants checked on demand.</summary>
public abstract class MarketTestBase
{
    protected const long Alice = 1, Bob = 2, Carol = 3;
    protected const long StartCash = 1_000_000_000; // $1,000
    protected const long StartXp = 100_000;

    protected AccountLedger Ledger { get; } = new();
    protected MatchingEngine Engine { get; }

    protected MarketTestBase(MarketParameters? parameters = null)
    {
        Engine = new MatchingEngine(Ledger, parameters);
        foreach (var op in new[] { Alice, Bob, Carol })
        {
            Ledger.Deposit(op, StartCash, 0);
            Ledger.Emit(op, StartXp, PostingReason.Emission, 0);
        }
        Ledger.ClearPostings();
    }

    protected static Price P(decimal dollars) => Price.FromDollars(dollars);

    protected CommandResult Buy(long op, decimal price, long quantity, TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, string? clientId = null) =>
        Checked(Engine.Place(PlaceOrder.Limit(op, Side.Buy, P(price), new Xp(quantity), tif, postOnly, clientId)));

    protected CommandResult Sell(long op, decimal price, long quantity, TimeInForce tif = TimeInForce.Gtc, bool postOnly = false, string? clientId = null) =>
        Checked(Engine.Place(PlaceOrder.Limit(op, Side.Sell, P(price), new Xp(quantity), tif, postOnly, clientId)));

    protected CommandResult MarketBuy(long op, long quantity, TimeInForce tif = TimeInForce.Ioc) =>
        Checked(Engine.Place(PlaceOrder.Market(op, Side.Buy, new Xp(quantity), tif)));

    protected CommandResult MarketSell(long op, long quantity, TimeInForce tif = TimeInForce.Ioc) =>
        Checked(Engine.Place(PlaceOrder.Market(op, Side.Sell, new Xp(quantity), tif)));

    /// <summary>Places a resting order and returns its id.</summary>
    protected long Rest(long op, Side side, decimal price, long quantity)
    {
        var result = Checked(Engine.Place(PlaceOrder.Limit(op, side, P(price), new Xp(quantity))));
        Assert.True(result.IsAccepted, result.RejectReason.ToString());
        Assert.Equal(quantity, result.RestingQuantity.Units);
        return result.OrderId;
    }

    protected CommandResult Checked(CommandResult result)
    {
        AssertInvariants();
        return result;
    }

    protected void AssertInvariants() => Assert.Null(Engine.CheckInvariants());

    protected long Cash(long op) => Ledger.Balance(AccountId.CashAvailable(op));
    protected long CashHeld(long op) => Ledger.Balance(AccountId.CashHeld(op));
    protected long XpOf(long op) => Ledger.Balance(AccountId.XpAvailable(op));
    protected long XpHeld(long op) => Ledger.Balance(AccountId.XpHeld(op));
    protected long Treasury => Ledger.Balance(AccountId.Treasury);

    /// <summary>Cash per XP a buy reserves at this price with the default 10 bps taker fee, rounded up per XP.</summary>
    protected static long UnitHold(decimal price)
    {
        var micros = P(price).Ticks * Price.MicrosPerTick;
        return micros + MarketParameters.Fee(micros, 10);
    }
}
