namespace XpFlywheel.Web.Exchange;

/// <summary>What one command did to one order, as its owner's stream reports it.</summary>
public enum OrderChangeKind
{
    /// <summary>Placed and resting, nothing filled yet.</summary>
    New,

    /// <summary>Filled in part by this command and still resting.</summary>
    PartiallyFilled,

    /// <summary>Filled completely; off the book.</summary>
    Filled,

    /// <summary>Cancelled by its owner or by self-trade prevention; off the book.</summary>
    Cancelled,

    /// <summary>The unfilled remainder of an IOC, FOK or market order ended; off the book.</summary>
    Expired,

    /// <summary>Price or quantity changed by its owner, nothing filled; still resting.</summary>
    Amended,
}
