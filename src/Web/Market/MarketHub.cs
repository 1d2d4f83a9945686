using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Core.MarketData;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Read-only market data for programs, open to anyone. On connect the caller gets <c>Snapshot</c> (the book at a
/// sequence) and <c>Ticker</c>; then everyone gets <c>BookDelta</c> (sequence + 1 each), <c>Trade</c> and <c>Ticker</c>
/// as they happen. A client that sees a sequence gap calls <see cref="GetSnapshot"/> and starts again from it.
/// </summary>
public sealed class MarketHub(MarketStream stream, MarketDataService market) : Hub
{
    public const string Path = "/hubs/market";

    public override async Task OnConnectedAsync()
    {
        await Clients.Caller.SendAsync("Snapshot", stream.Snapshot());
        await Clients.Caller.SendAsync("Ticker", GetTicker());
        await base.OnConnectedAsync();
    }

    public BookSnapshotMessage GetSnapshot() => stream.Snapshot();

    public TickerMessage GetTicker() => TickerMessage.From(market.Ticker(), market.Book.Halted);

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
