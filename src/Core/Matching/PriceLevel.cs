namespace XpFlywheel.Core.Matching;

/// <summary>One price of one side: a FIFO of order nodes (head trades first) and their total open quantity.</summary>
internal struct PriceLevel
{
    public long Price;
    public long Quantity;
    public int Head;
    public int Tail;
    public int Count;
    public int NextFree;
}
