namespace XpFlywheel.Core.Matching;

/// <summary>Head and tail of one operator's resting orders (linked through the nodes), oldest first.</summary>
internal struct OperatorOrders
{
    public int Head;
    public int Tail;
    public int Count;
}
