namespace XpFlywheel.Core.Otc;

/// <summary>Why the OTC rules refuse an offer, a take, a quote or an acceptance. Refusals move nothing.</summary>
public enum OtcRefusal
{
    None,
    /// <summary>Quantity below 1 XP or above the maximum.</summary>
    InvalidQuantity,
    /// <summary>A price of zero or less, or above the engine's maximum.</summary>
    InvalidPrice,
    /// <summary>No reference price yet: the band has no centre, so OTC prices cannot be checked.</summary>
    NoReferencePrice,
    /// <summary>The price lies outside the OTC band around the reference price.</summary>
    OutsideBand,
    /// <summary>The same operator on both sides.</summary>
    SelfDealing,
    /// <summary>A take smaller than the offer's minimum fill (and smaller than what is left).</summary>
    BelowMinimumFill,
    /// <summary>A take larger than what is left of the offer.</summary>
    AboveRemaining,
    /// <summary>A private offer taken by someone other than its named counterparty.</summary>
    NotTheCounterparty,
    /// <summary>An expiry at or before the time of posting.</summary>
    InvalidExpiry,
    /// <summary>An offer's minimum fill outside 1..its quantity.</summary>
    InvalidMinimumFill,
}
