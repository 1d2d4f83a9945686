namespace XpFlywheel.Web.Economy;

/// <summary>
/// The first <see cref="MaxRows"/> failures of a dispute list in its order (soonest deadline, or oldest dispute,
/// first) and how many there are in all, so a page can say that more wait beyond the ones it shows.
/// </summary>
/// <param name="Items">At most <see cref="MaxRows"/> failures.</param>
/// <param name="Total">Every failure the list holds, shown or not.</param>
public sealed record DisputeList(IReadOnlyList<DisputeView> Items, int Total)
{
    /// <summary>The most failures a list shows at once; acting on them brings the next ones up.</summary>
    public const int MaxRows = 200;

    /// <summary>Whether more failures wait beyond <see cref="Items"/>.</summary>
    public bool HasMore => Total > Items.Count;
}
