namespace XpFlywheel.Core.Matching;

/// <summary>Why a command was refused. A refusal moves nothing and leaves the book as it was.</summary>
public enum RejectReason : byte
{
    None,
    InsufficientCash,
    InsufficientXp,
    /// <summary>A limit price beyond ±band of the reference price (last trade, else mid).</summary>
    PriceOutsideBand,
    MarketHalted,
    FokNotFillable,
    PostOnlyWouldCross,
    UnknownOrder,
    NotOrderOwner,
    /// <summary>Quantity ≤ 0 or above <see cref="MatchingEngine.MaxQuantity"/>.</summary>
    InvalidQuantity,
    /// <summary>Price ≤ 0 or above <see cref="MatchingEngine.MaxPriceTicks"/>.</summary>
    InvalidPrice,
    /// <summary>A market order found nothing to trade against within the band.</summary>
    NoLiquidity,
    /// <summary>The client order id was already used by this operator for a different order.</summary>
    DuplicateClientOrderId,
    /// <summary>Post-only on a market order, or post-only with IOC/FOK.</summary>
    InvalidOrderType,
    /// <summary>Operator ids are greater than zero.</summary>
    InvalidOperator,
    InvalidParameters,
    /// <summary>The operator already has <see cref="MarketParameters.MaxOpenOrders"/> resting orders.</summary>
    TooManyOpenOrders,
}
