using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Bench;

/// <summary>
/// Builds the seeded command stream: about 50% passive limit orders near the touch, 35% cancels of live orders and
/// 15% marketable orders (market IOC or crossing limits), from pre-funded operators. A shadow engine applies each
/// command while generating, so cancels name orders that are really live when the stream is replayed from scratch.
/// </summary>
public static class CommandStream
{
    public const long CashPerOperator = 1_000_000_000_000; // $1M: the stream measures matching, not refusals
    public const long XpPerOperator = 100_000_000;
    public const long StartTicks = 10_000;

    public static BenchCommand[] Generate(int count, int operators, int seed)
    {
        var random = new Random(seed);
        var (_, shadow) = NewMarket(operators, count);
        var live = new List<long>(count / 4);
        var commands = new BenchCommand[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var op = random.Next(1, operators + 1);
            var command = roll < 35 && TryPickLive(random, shadow, live, out var id, out var owner)
                ? new BenchCommand(BenchCommandKind.Cancel, default, id, owner)
                : new BenchCommand(BenchCommandKind.Place, roll >= 85 ? Marketable(random, shadow, op) : Passive(random, shadow, op), 0, op);
            commands[i] = command;
            var result = Apply(shadow, command);
            if (command.Kind == BenchCommandKind.Place && result.IsAccepted && result.RestingQuantity.Units > 0)
                live.Add(result.OrderId);
        }
        return commands;
    }

    /// <summary>A ledger with every operator funded and an engine sized for the stream, postings already drained.</summary>
    public static (AccountLedger Ledger, MatchingEngine Engine) NewMarket(int operators, int commands)
    {
        var ledger = new AccountLedger();
        for (long op = 1; op <= operators; op++)
        {
            ledger.Deposit(op, CashPerOperator, 0);
            ledger.Emit(op, XpPerOperator, PostingReason.Emission, 0);
        }
        ledger.ClearPostings();
        var engine = new MatchingEngine(ledger, orderCapacity: 65_536);
        engine.SetReferencePrice(new Price(StartTicks));
        return (ledger, engine);
    }

    public static CommandResult Apply(MatchingEngine engine, in BenchCommand command) =>
        command.Kind == BenchCommandKind.Cancel ? engine.Cancel(command.OrderId, command.OperatorId) : engine.Place(command.Place);

    private static PlaceOrder Passive(Random random, MatchingEngine book, long op)
    {
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var mid = book.ReferencePrice?.Ticks ?? StartTicks;
        var touch = side == Side.Buy ? book.BestBid?.Ticks ?? mid - 1 : book.BestAsk?.Ticks ?? mid + 1;
        // Mostly behind the touch, sometimes improving it by a tick or two, so the spread stays a few ticks wide.
        var offset = random.Next(-2, 12);
        var ticks = side == Side.Buy ? touch - offset : touch + offset;
        // Stay passive: never cross the other side.
        if (side == Side.Buy && book.BestAsk is { } ask && ticks >= ask.Ticks)
            ticks = ask.Ticks - 1;
        if (side == Side.Sell && book.BestBid is { } bid && ticks <= bid.Ticks)
            ticks = bid.Ticks + 1;
        return PlaceOrder.Limit(op, side, new Price(ticks), new Xp(random.Next(1, 100)));
    }

    private static PlaceOrder Marketable(Random random, MatchingEngine book, long op)
    {
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var quantity = new Xp(random.Next(1, 80));
        if (random.Next(2) == 0)
            return PlaceOrder.Market(op, side, quantity);
        var touch = side == Side.Buy ? book.BestAsk?.Ticks : book.BestBid?.Ticks;
        var ticks = (touch ?? book.ReferencePrice?.Ticks ?? StartTicks) + (side == Side.Buy ? 2 : -2);
        return PlaceOrder.Limit(op, side, new Price(ticks), quantity);
    }

    private static bool TryPickLive(Random random, MatchingEngine book, List<long> live, out long orderId, out long owner)
    {
        while (live.Count > 0)
        {
            var index = random.Next(live.Count);
            orderId = live[index];
            live[index] = live[^1];
            live.RemoveAt(live.Count - 1);
            if (book.TryGetOrder(orderId, out var order))
            {
                owner = order.OperatorId;
                return true;
            }
        }
        orderId = owner = 0;
        return false;
    }
}
