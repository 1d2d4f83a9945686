namespace XpFlywheel.Web.Economy;

/// <summary>One page of a longer list, with the total so pagers can show the page count.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageIndex, int PageSize)
{
    /// <summary>The largest page served: what one page's follow-up queries (such as its rows' ranks) are sized for.</summary>
    public const int MaxSize = 200;

    public static Page<T> Empty(int pageSize) => new([], 0, 0, pageSize);

    /// <summary>Clamps paging input from a page or the API to 1..<see cref="MaxSize"/> rows.</summary>
    public static (int Index, int Size) Normalize(int pageIndex, int pageSize) => (Math.Max(0, pageIndex), Math.Clamp(pageSize, 1, MaxSize));
}
