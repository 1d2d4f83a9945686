using CsCheck;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching.Reference;

/// <summary>
/// Random commands from four operators around a $1.00 market: mostly near the touch so orders cross and queue, with
/// some far prices, bad quantities, huge sizes (insufficient funds), reused client ids and unknown order ids.
/// </summary>
public static class StepGen
{
    public const int Operators = 4;

    private static readonly Gen<long> Operator = Gen.Long[1, Operators];
    private static readonly Gen<long> Ticks = Gen.Frequency((12, Gen.Long[9_960, 10_040]), (2, Gen.Long[7_500, 12_500]), (1, Gen.Long[0, 30_000]));
    private static readonly Gen<long> Quantity = Gen.Frequency((12, Gen.Long[1, 40]), (1, Gen.Long[-1, 0]), (1, Gen.Long[2_000, 200_000]));
    private static readonly Gen<string?> ClientId = Gen.Frequency((8, Gen.Const((string?)null)), (1, Gen.OneOfConst<string?>("a", "b", "c")));
    private static readonly Gen<OrderType> Type = Gen.FrequencyConst((5, OrderType.Limit), (1, OrderType.Market));
    private static readonly Gen<TimeInForce> Tif = Gen.FrequencyConst((5, TimeInForce.Gtc), (2, TimeInForce.Ioc), (2, TimeInForce.Fok));
    private static readonly Gen<long> OrderId = Gen.Long[1, 120];
    private static readonly Gen<int> Pick = Gen.Frequency((6, Gen.Int[0, 1_000]), (1, Gen.Const(-1)));
    private static readonly Gen<bool> ByOwner = Gen.FrequencyConst((8, true), (1, false));

    private static readonly Gen<Step> Place =
        Gen.Select(Gen.Select(Operator, Gen.Enum<Side>(), Type, Ticks), Gen.Select(Quantity, Tif, Gen.Int[0, 6], ClientId),
            (a, b) => new Step("place", Place: new PlaceOrder(a.Item1, a.Item2, a.Item3, new Price(a.Item4), new Xp(b.Item1),
                b.Item2, b.Item3 == 0, b.Item4)));

    private static readonly Gen<Step> Amend =
        Gen.Select(OrderId, Operator, Gen.Frequency((1, Gen.Const((long?)null)), (3, Quantity.Select(q => (long?)q))),
            Gen.Frequency((1, Gen.Const((long?)null)), (2, Ticks.Select(t => (long?)t))),
            Gen.Select(Pick, ByOwner),
            (id, op, quantity, ticks, target) => new Step("amend", Amend: new AmendOrder(id, op, Reference.Step.Quantity(quantity),
                ticks is { } t ? new Price(t) : null), Pick: target.Item1, ByOwner: target.Item2));

    private static readonly Gen<Step> Parameters =
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 40], Gen.OneOfConst(500, 2_000), Gen.Enum<SelfTradePrevention>(),
            (maker, taker, band, stp) => new Step("parameters", Parameters: new MarketParameters(maker, taker, band, stp)));

    public static readonly Gen<Step> Step = Gen.Frequency(
        (50, Place),
        (15, Gen.Select(OrderId, Operator, Pick, ByOwner, (id, op, pick, owner) => new Step("cancel", OrderId: id, Operator: op, Pick: pick, ByOwner: owner))),
        (12, Amend),
        (2, Operator.Select(op => new Step("cancelAll", Operator: op))),
        (1, Gen.Const(new Step("halt"))),
        (8, Gen.Const(new Step("resume"))),
        (2, Parameters));
}
