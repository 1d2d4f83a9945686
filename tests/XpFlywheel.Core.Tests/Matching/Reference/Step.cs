using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Matching.Reference;

/// <summary>One generated command, applied the same way to the engine and to the reference book.</summary>
public sealed record Step(string Kind, PlaceOrder Place = default, AmendOrder Amend = default, long OrderId = 0, long Operator = 0,
    MarketParameters? Parameters = null, int Pick = -1, bool ByOwner = false)
{
    /// <summary>
    /// Points a cancel or amend at a live order (the <see cref="Pick"/>-th by id, by its owner when
    /// <see cref="ByOwner"/>), so most of them address real orders; without a pick the random id is kept.
    /// </summary>
    public Step Resolve(IReadOnlyList<OrderView> live)
    {
        if (Pick < 0 || Kind is not ("cancel" or "amend"))
            return this;
        var target = live.Count == 0 ? new OrderView(999_999, 1, Side.Buy, default, default, 0, 0, 0, false) : live[Pick % live.Count];
        var op = ByOwner ? target.OperatorId : Operator;
        return Kind == "cancel"
            ? this with { OrderId = target.OrderId, Operator = op }
            : this with { Amend = Amend with { OrderId = target.OrderId, OperatorId = ByOwner ? op : Amend.OperatorId } };
    }

    public CommandResult ApplyTo(MatchingEngine engine) => Kind switch
    {
        "place" => engine.Place(Place),
        "cancel" => engine.Cancel(OrderId, Operator),
        "cancelAll" => engine.CancelAll(Operator),
        "amend" => engine.Amend(Amend),
        "halt" => engine.Halt(),
        "resume" => engine.Resume(),
        _ => engine.SetParameters(Parameters!),
    };

    public ReferenceResult ApplyTo(ReferenceBook book) => Kind switch
    {
        "place" => book.Place(Place),
        "cancel" => book.Cancel(OrderId, Operator),
        "cancelAll" => book.CancelAll(Operator),
        "amend" => book.Amend(Amend),
        "halt" => book.Halt(),
        "resume" => book.Resume(),
        _ => book.SetParameters(Parameters!),
    };

    /// <summary>The worst price a fill may have for the incoming order, when the command has one.</summary>
    public long? TakerLimit => Kind switch
    {
        "place" when Place.Type == OrderType.Limit => Place.LimitPrice.Ticks,
        "amend" => Amend.NewPrice?.Ticks,
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        "place" => $"{Place.Type} {Place.Side} op{Place.OperatorId} {Place.Quantity.Units}@{Place.LimitPrice.Ticks} {Place.TimeInForce}{(Place.PostOnly ? " post" : "")} cid={Place.ClientOrderId}",
        "amend" => $"amend #{Amend.OrderId} op{Amend.OperatorId} qty={Amend.NewQuantity?.Units} px={Amend.NewPrice?.Ticks}",
        "cancel" => $"cancel #{OrderId} op{Operator}",
        "cancelAll" => $"cancelAll op{Operator}",
        "parameters" => $"params {Parameters}",
        _ => Kind,
    };

    internal static Xp? Quantity(long? units) => units is { } u ? new Xp(u) : null;
}
