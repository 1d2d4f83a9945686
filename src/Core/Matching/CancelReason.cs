namespace XpFlywheel.Core.Matching;

/// <summary>Why an order left the book (or never reached it) without filling.</summary>
public enum CancelReason : byte
{
    /// <summary>Its owner cancelled it (one order or all of them).</summary>
    Requested,
    /// <summary>It met an order of the same operator; see <see cref="SelfTradePrevention"/>.</summary>
    SelfTradePrevention,
    /// <summary>The unfilled remainder of an IOC or market order.</summary>
    Expired,
    /// <summary>Its owner's dead-man switch ran out (the API's cancel-after, as Kraken's <c>cancelAllOrdersAfter</c>).</summary>
    CancelAfter,
}
