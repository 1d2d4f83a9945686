namespace XpFlywheel.Core.Matching;

/// <summary>
/// A pooled order: links for its price level's FIFO and its operator's order list live in the node itself, so
/// queueing and cancelling are pointer updates. <see cref="Held"/> is always <see cref="Remaining"/> ×
/// <see cref="UnitHold"/> (cash micros per XP for a buy, 1 XP per XP for a sell).
/// </summary>
internal struct OrderNode
{
    public long OrderId;
    public long OperatorId;
    public long Price;
    public long Remaining;
    public long Sequence;
    public long Timestamp;
    public long Held;
    public long UnitHold;
    public int Prev;
    public int Next;
    public int OperatorPrev;
    public int OperatorNext;
    public int Level;
    public Side Side;
    public bool PostOnly;
}
