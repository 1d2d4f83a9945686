namespace XpFlywheel.Core.Matching;

/// <summary>
/// A growable array of order nodes with a free list: orders are reused slots, not objects, so placing and cancelling
/// allocate nothing once the pool has grown to the book's size.
/// </summary>
internal sealed class OrderPool(int capacity)
{
    private int _free = -1;
    private int _used;

    /// <summary>The nodes. Re-read after <see cref="Allocate"/>: growing replaces the array.</summary>
    public OrderNode[] Nodes = new OrderNode[Math.Max(16, capacity)];

    public int Allocate()
    {
        int index;
        if (_free >= 0)
        {
            index = _free;
            _free = Nodes[index].Next;
        }
        else
        {
            if (_used == Nodes.Length)
                Array.Resize(ref Nodes, Nodes.Length * 2);
            index = _used++;
        }
        Nodes[index] = new OrderNode { Prev = -1, Next = -1, OperatorPrev = -1, OperatorNext = -1, Level = -1 };
        return index;
    }

    public void Free(int index)
    {
        Nodes[index].OrderId = 0;
        Nodes[index].Next = _free;
        _free = index;
    }
}
