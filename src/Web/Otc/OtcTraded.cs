using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>An OTC trade settled: the tape adds it and both sides are notified. Not a book trade: the last price stays.</summary>
public sealed record OtcTraded(OtcTradeView Trade) : ExchangeEvent;
