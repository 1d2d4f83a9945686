using XpFlywheel.Core.Otc;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Otc;

/// <summary>Writes an OTC trade's row (numbered with the command that made it) and announces it after the commit.</summary>
internal static class OtcTrades
{
    public static OtcTradeView Record(ExchangeSession session, OtcFill fill, long? offerId, long? quoteId, bool isPrivate)
    {
        var row = new OtcTradeRecord
        {
            OfferId = offerId, QuoteId = quoteId, MakerOperatorId = fill.MakerId, TakerOperatorId = fill.TakerId,
            BuyerOperatorId = fill.BuyerId, SellerOperatorId = fill.SellerId, PriceTicks = fill.Price.Ticks, Quantity = fill.Quantity,
            NotionalMicros = fill.NotionalMicros, MakerFeeMicros = fill.MakerFeeMicros, TakerFeeMicros = fill.TakerFeeMicros,
            Private = isPrivate, At = session.Now, Sequence = session.Sequence,
        };
        session.Db.OtcTrades.Add(row);
        session.Db.SaveChanges();
        var view = OtcTradeView.From(row);
        session.PublishAfterCommit(new OtcTraded(view));
        session.PublishAfterCommit(new OtcChanged());
        return view;
    }
}
