using XpFlywheel.Core.MarketData;

namespace XpFlywheel.Web.Market;

/// <summary>Folds consecutive market changes into fewer publishes for <see cref="MarketBroadcaster"/>.</summary>
public static class MarketFold
{
    /// <summary>
    /// <paramref name="changes"/> (in commit order) folded into as few changes as keep every fact: each fold holds the
    /// newest book and ticker of its run, every trade of the run in execution order, and the run's last candle. A run
    /// ends where the next change's trades went into another 1-minute candle, so no finished candle is skipped. A
    /// change older than the fold before it (a late copy, which the stream would refuse anyway) is dropped.
    /// </summary>
    public static IEnumerable<MarketDataChanged> Of(IReadOnlyList<MarketDataChanged> changes)
    {
        MarketDataChanged? fold = null;
        List<TradePrint>? trades = null;
        foreach (var change in changes)
        {
            if (fold is not null && change.Sequence < fold.Sequence)
                continue;
            if (fold is null || fold.Minute is { } open && change.Minute is { } next && open.Start != next.Start)
            {
                if (fold is not null)
                    yield return fold;
                (fold, trades) = (change, null);
                continue;
            }
            if (change.HasTrades)
            {
                trades ??= [.. fold.Trades];
                trades.AddRange(change.Trades);
            }
            fold = change with
            {
                BookChanged = fold.BookChanged || change.BookChanged,
                Trades = (IReadOnlyList<TradePrint>?)trades ?? fold.Trades,
                Minute = change.Minute ?? fold.Minute,
            };
        }
        if (fold is not null)
            yield return fold;
    }
}
