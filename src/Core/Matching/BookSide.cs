namespace XpFlywheel.Core.Matching;

/// <summary>
/// One side of the book. Levels are found by integer tick in O(1) through a hash map and kept in price order in a
/// sorted array with the best level at the end, so the best price is one read and removing the best level (what
/// matching does) shifts nothing. Any tick price works: there is no window to slide when the band moves.
/// </summary>
internal sealed class BookSide
{
    private readonly OrderPool _pool;
    private readonly bool _isBid;
    private readonly LongIntMap _levelByPrice = new(256);
    private long[] _keys = new long[256];
    private int[] _slots = new int[256];
    private int _count;
    private PriceLevel[] _levels = new PriceLevel[256];
    private int _levelsUsed;
    private int _freeLevel = -1;

    public BookSide(OrderPool pool, bool isBid)
    {
        _pool = pool;
        _isBid = isBid;
    }

    /// <summary>Number of non-empty price levels.</summary>
    public int LevelCount => _count;

    /// <summary>The best level's slot, or -1 when the side is empty.</summary>
    public int Best => _count == 0 ? -1 : _slots[_count - 1];

    /// <summary>The slot of the level <paramref name="rank"/> steps away from the best (0 = best).</summary>
    public int AtRank(int rank) => _slots[_count - 1 - rank];

    public ref PriceLevel Level(int slot) => ref _levels[slot];

    public int Find(long price) => _levelByPrice.TryGet(price, out var slot) ? slot : -1;

    /// <summary>Queues the node at the back of the level for its price, creating the level if needed.</summary>
    public void Append(int node)
    {
        var price = _pool.Nodes[node].Price;
        var slot = Find(price);
        if (slot < 0)
            slot = AddLevel(price);
        var nodes = _pool.Nodes;
        ref var n = ref nodes[node];
        ref var level = ref _levels[slot];
        n.Level = slot;
        n.Prev = level.Tail;
        n.Next = -1;
        if (level.Tail >= 0)
            nodes[level.Tail].Next = node;
        else
            level.Head = node;
        level.Tail = node;
        level.Quantity += n.Remaining;
        level.Count++;
    }

    /// <summary>Takes the node out of its level (dropping the level when it empties).</summary>
    public void Unlink(int node)
    {
        var nodes = _pool.Nodes;
        ref var n = ref nodes[node];
        var slot = n.Level;
        ref var level = ref _levels[slot];
        if (n.Prev >= 0)
            nodes[n.Prev].Next = n.Next;
        else
            level.Head = n.Next;
        if (n.Next >= 0)
            nodes[n.Next].Prev = n.Prev;
        else
            level.Tail = n.Prev;
        level.Quantity -= n.Remaining;
        level.Count--;
        n.Level = -1;
        n.Prev = -1;
        n.Next = -1;
        if (level.Count == 0)
            RemoveLevel(slot);
    }

    private int AddLevel(long price)
    {
        int slot;
        if (_freeLevel >= 0)
        {
            slot = _freeLevel;
            _freeLevel = _levels[slot].NextFree;
        }
        else
        {
            if (_levelsUsed == _levels.Length)
                Array.Resize(ref _levels, _levels.Length * 2);
            slot = _levelsUsed++;
        }
        _levels[slot] = new PriceLevel { Price = price, Head = -1, Tail = -1, NextFree = -1 };
        _levelByPrice.Set(price, slot);

        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _slots, _slots.Length * 2);
        }
        var key = Key(price);
        var at = ~Array.BinarySearch(_keys, 0, _count, key);
        Array.Copy(_keys, at, _keys, at + 1, _count - at);
        Array.Copy(_slots, at, _slots, at + 1, _count - at);
        _keys[at] = key;
        _slots[at] = slot;
        _count++;
        return slot;
    }

    private void RemoveLevel(int slot)
    {
        var price = _levels[slot].Price;
        var key = Key(price);
        // The best level sits at the end: the common case (a level traded away) removes without searching.
        var at = _count > 0 && _keys[_count - 1] == key ? _count - 1 : Array.BinarySearch(_keys, 0, _count, key);
        Array.Copy(_keys, at + 1, _keys, at, _count - at - 1);
        Array.Copy(_slots, at + 1, _slots, at, _count - at - 1);
        _count--;
        _levelByPrice.Remove(price);
        _levels[slot].NextFree = _freeLevel;
        _freeLevel = slot;
    }

    // Bids ascend by price and asks by negated price, so on both sides the best level is the last key.
    private long Key(long price) => _isBid ? price : -price;
}
