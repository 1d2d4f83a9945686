using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Core.MarketData;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Read-only market data for programs, open to anyone. On connect the caller gets <c>Snapshot</c> (the book as of a
/// journal sequence) and the <c>Ticker</c> read with it; then everyone gets, per committed batch and in this order,
/// <c>BookDelta</c> (when the top levels moved; its range firstSequence…sequence follows the previous delta's
/// sequence), each <c>Trade</c>, and the <c>Ticker</c>. Every message carries the journal sequence REST's book carries
/// too. A client that sees a range not starting at its last sequence + 1 calls <see cref="GetSnapshot"/> (or reads
/// REST's book) and starts again from it.
/// </summary>
public sealed class MarketHub(MarketStream stream, MarketDataService market) : Hub
{
    public const string Path = "/hubs/market";

    public override async Task OnConnectedAsync()
    {
        var (snapshot, ticker) = stream.Latest();
        await Clients.Caller.SendAsync("Snapshot", snapshot);
        await Clients.Caller.SendAsync("Ticker", ticker ?? GetTicker());
        await base.OnConnectedAsync();
    }

    /// <summary>The streamed book as of its sequence: deltas continue from it.</summary>
    public BookSnapshotMessage GetSnapshot() => stream.Snapshot();

    /// <summary>The ticker now, numbered with the sequence of the book it was read with.</summary>
    public TickerMessage GetTicker() => TickerMessage.From(market.View());

    /// <summary>Up to 500 of the latest trades, newest first.</summary>
    public IReadOnlyList<TradeMessage> GetRecentTrades(int limit = 50) =>
        [.. market.RecentTrades(Math.Clamp(limit, 1, MarketDataBook.DefaultTradeCapacity)).Select(TradeMessage.From)];

    /// <summary>Candles of "1m", "5m", "1h" or "1d", oldest first.</summary>
    public IReadOnlyList<CandleMessage> GetCandles(string interval, int limit = 500)
    {
        if (!CandleIntervals.TryParse(interval, out var parsed))
            throw new HubException("The interval must be 1m, 5m, 1h or 1d.");
        return [.. market.Candles(parsed, Math.Clamp(limit, 1, MarketDataBook.DefaultCandleCapacity)).Select(CandleMessage.From)];
    }
}
