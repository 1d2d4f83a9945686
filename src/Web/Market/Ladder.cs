using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The ladder as displayed: asks with the highest on top (best ask next to the spread), then bids best first.
/// Levels are grouped to <c>groupTicks</c> (bids round down, asks round up, so a group never looks better than its
/// orders), the best <c>levels</c> groups per side are kept, and cumulative sizes run outward from the spread.
/// </summary>
public sealed record Ladder(IReadOnlyList<LadderRow> Asks, IReadOnlyList<LadderRow> Bids, Price? Spread, decimal? Mid)
{
    public const int DefaultLevels = 15;

    public static Ladder Empty { get; } = new([], [], null, null);

    /// <summary>Spread as a percentage of the mid.</summary>
    public decimal? SpreadPercent => Spread is { } s && Mid is > 0 ? Math.Round(s.Dollars / Mid.Value * 100m, 3) : null;

    public static Ladder Build(BookSnapshot book, long groupTicks = 1, int levels = DefaultLevels,
        IReadOnlySet<long>? ownBids = null, IReadOnlySet<long>? ownAsks = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupTicks, 1);
        var bids = Group(Side.Buy, book.Bids, groupTicks, levels, ownBids);
        var asks = Group(Side.Sell, book.Asks, groupTicks, levels, ownAsks);
        var deepest = Math.Max(bids.Count > 0 ? bids[^1].Cumulative.Units : 0, asks.Count > 0 ? asks[^1].Cumulative.Units : 0);
        LadderRow Scale(LadderRow r) => r with { DepthPercent = deepest == 0 ? 0 : Math.Round(100.0 * r.Cumulative.Units / deepest, 2) };
        var bidRows = bids.Select(Scale).ToArray();
        var askRows = asks.Select(Scale).Reverse().ToArray();
        Price? spread = book.BestBid is { } bid && book.BestAsk is { } ask ? new Price(ask.Ticks - bid.Ticks) : null;
        decimal? mid = book.BestBid is { } b && book.BestAsk is { } a ? (b.Ticks + a.Ticks) / 2m / Price.TicksPerDollar : null;
        return new Ladder(askRows, bidRows, spread, mid);
    }

    /// <summary>The group price a level at <paramref name="ticks"/> falls in.</summary>
    public static long GroupOf(Side side, long ticks, long groupTicks) =>
        side == Side.Buy ? ticks / groupTicks * groupTicks : (ticks + groupTicks - 1) / groupTicks * groupTicks;

    private static List<LadderRow> Group(Side side, IReadOnlyList<DepthLevel> levels, long groupTicks, int keep, IReadOnlySet<long>? own)
    {
        var ownGroups = own?.Select(t => GroupOf(side, t, groupTicks)).ToHashSet() ?? [];
        var rows = new List<LadderRow>();
        var cumulative = Xp.Zero;
        foreach (var level in levels)
        {
            var group = GroupOf(side, level.Price.Ticks, groupTicks);
            cumulative += level.Quantity;
            if (rows.Count > 0 && rows[^1].Price.Ticks == group)
            {
                var last = rows[^1];
                rows[^1] = last with { Quantity = last.Quantity + level.Quantity, Orders = last.Orders + level.Orders, Cumulative = cumulative };
                continue;
            }
            if (rows.Count == keep)
                break;
            rows.Add(new LadderRow(side, new Price(group), level.Quantity, level.Orders, cumulative, 0, ownGroups.Contains(group)));
        }
        return rows;
    }
}
