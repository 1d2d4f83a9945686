using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>The OTC desk changed (an offer, request or quote was posted, taken, cancelled or expired): pages reload it.</summary>
public sealed record OtcChanged : ExchangeEvent;
