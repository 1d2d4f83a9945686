using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>A quote arrived on a request: its requester is notified.</summary>
public sealed record OtcQuoted(long RequesterId, OtcQuoteView Quote, long Quantity) : ExchangeEvent;
