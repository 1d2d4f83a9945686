using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.MarketData;

/// <summary>
/// Both sides of the book aggregated by price, best first, with cumulative sizes, spread and mid. Immutable; two
/// snapshots are equal when their levels are.
/// </summary>
public sealed record DepthSnapshot
{
    private readonly DepthRow[] _bids;
    private readonly DepthRow[] _asks;

    private DepthSnapshot(DepthRow[] bids, DepthRow[] asks)
    {
        _bids = bids;
        _asks = asks;
    }

    /// <summary>A book with no orders.</summary>
    public static DepthSnapshot Empty { get; } = new([], []);

    /// <summary>Bids, highest price first.</summary>
    public IReadOnlyList<DepthRow> Bids => _bids;

    /// <summary>Asks, lowest price first.</summary>
    public IReadOnlyList<DepthRow> Asks => _asks;

    public Price? BestBid => _bids.Length > 0 ? _bids[0].Price : null;

    public Price? BestAsk => _asks.Length > 0 ? _asks[0].Price : null;

    /// <summary>Best ask − best bid; null when either side is empty.</summary>
    public Price? Spread => BestBid is { } bid && BestAsk is { } ask ? new Price(ask.Ticks - bid.Ticks) : null;

    /// <summary>Halfway between best bid and best ask, in dollars (it can fall on half a tick); null when a side is empty.</summary>
    public decimal? Mid => BestBid is { } bid && BestAsk is { } ask ? (bid.Ticks + ask.Ticks) / 2m / Price.TicksPerDollar : null;

    /// <summary>
    /// A snapshot of the levels the engine's <see cref="MatchingEngine.Depth"/> writes: each side best first, one level
    /// per price, every level with a positive quantity and at least one order.
    /// </summary>
    /// <exception cref="ArgumentException">A side is out of order, repeats a price or has an empty level.</exception>
    public static DepthSnapshot From(ReadOnlySpan<DepthLevel> bids, ReadOnlySpan<DepthLevel> asks) =>
        bids.IsEmpty && asks.IsEmpty ? Empty : new(Accumulate(Side.Buy, bids), Accumulate(Side.Sell, asks));

    /// <summary>The levels of <paramref name="side"/>, best first.</summary>
    public IReadOnlyList<DepthRow> Levels(Side side) => side == Side.Buy ? _bids : _asks;

    /// <summary>Only the best <paramref name="levels"/> of each side.</summary>
    public DepthSnapshot Top(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        if (_bids.Length <= levels && _asks.Length <= levels)
            return this;
        // Cumulative sums run from the best price, so a prefix keeps them unchanged.
        return new(_bids[..Math.Min(levels, _bids.Length)], _asks[..Math.Min(levels, _asks.Length)]);
    }

    /// <summary>
    /// This snapshot with <paramref name="changes"/> applied: each sets its level's quantity and order count, and a
    /// zero quantity removes the level (removing a missing level does nothing).
    /// </summary>
    public DepthSnapshot With(IEnumerable<BookLevelChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var bids = ToMap(_bids);
        var asks = ToMap(_asks);
        foreach (var change in changes)
        {
            var side = change.Side == Side.Buy ? bids : asks;
            if (change.IsRemoval)
                side.Remove(change.Price.Ticks);
            else
                side[change.Price.Ticks] = new DepthLevel(change.Price, change.Quantity, change.Orders);
        }
        return From(Sorted(bids, descending: true), Sorted(asks, descending: false));
    }

    /// <summary>True when both sides hold the same levels.</summary>
    public bool Equals(DepthSnapshot? other) =>
        other is not null && _bids.AsSpan().SequenceEqual(other._bids) && _asks.AsSpan().SequenceEqual(other._asks);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_bids.Length);
        hash.Add(_asks.Length);
        hash.Add(BestBid);
        hash.Add(BestAsk);
        return hash.ToHashCode();
    }

    private static DepthRow[] Accumulate(Side side, ReadOnlySpan<DepthLevel> levels)
    {
        var rows = new DepthRow[levels.Length];
        var quantity = Xp.Zero;
        var notional = Cash.Zero;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Quantity.Units <= 0 || level.Orders <= 0)
                throw new ArgumentException($"The {side} level at {level.Price} is empty.", nameof(levels));
            if (i > 0 && !IsBetter(side, levels[i - 1].Price, level.Price))
                throw new ArgumentException($"{side} levels are not strictly best first at {level.Price}.", nameof(levels));
            quantity += level.Quantity;
            notional += level.Price.Notional(level.Quantity);
            rows[i] = new DepthRow(level.Price, level.Quantity, level.Orders, quantity, notional);
        }
        return rows;
    }

    private static bool IsBetter(Side side, Price a, Price b) => side == Side.Buy ? a > b : a < b;

    private static Dictionary<long, DepthLevel> ToMap(DepthRow[] rows)
    {
        var map = new Dictionary<long, DepthLevel>(rows.Length);
        foreach (var row in rows)
            map[row.Price.Ticks] = new DepthLevel(row.Price, row.Quantity, row.Orders);
        return map;
    }

    private static DepthLevel[] Sorted(Dictionary<long, DepthLevel> levels, bool descending)
    {
        var sorted = levels.Values.ToArray();
        Array.Sort(sorted, (a, b) => descending ? b.Price.CompareTo(a.Price) : a.Price.CompareTo(b.Price));
        return sorted;
    }
}
