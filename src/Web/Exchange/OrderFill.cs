using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>One fill of an order from its owner's side: the fee is what this owner paid, in cash micro-dollars.</summary>
public readonly record struct OrderFill(long TradeId, Price Price, Xp Quantity, Cash Fee, bool Maker);
