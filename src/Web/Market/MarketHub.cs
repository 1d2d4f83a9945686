using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using XpFlywheel.Core.MarketData;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Read-only market data for programs, open to anyone. On connect the caller gets <c>Snapshot</c> (the book as of a
/// journal sequence) and the <c>Ticker</c> read with it; then everyone gets, per committed batch and in this order,
/// <c>BookDelta</c> (when the top levels moved; its range firstSequence…sequence follows the previous delta's
/// sequence), each <c>Trade</c>, the 1-minute <c>Candle</c> (when it traded) and the <c>Ticker</c> (at most once per
/// ticker interval per connection), on the channels each connection follows (<see cref="Subscribe"/>). Every message
/// carries the journal sequence REST's book carries too. A client that sees a range not starting at its last
/// sequence + 1 calls <see cref="GetSnapshot"/> (or reads REST's book) and starts again from it. On a follower whose
/// replica jumped (<see cref="Exchange.ReplicaReloaded"/>), the trades it passed over come late, in id order, in a
/// later publish (<see cref="MarketDataService.Rebuild"/>); no trade is sent twice.
/// </summary>
public sealed class MarketHub(MarketStream stream, MarketDataService market, MarketHubLifetimeManager connections) : Hub
{
    public const string Path = "/hubs/market";

    /// <summary>
    /// Receive only <paramref name="channels"/> ("book", "trades", "ticker", "candles"; empty or null for all) from the
    /// next batch on, each message separately as before. Taking up "book" again sends a fresh <c>Snapshot</c>. Returns
    /// the channels now followed. An unknown name fails the call with <c>validation_failed:</c> and changes nothing.
    /// </summary>
    public Task<IReadOnlyList<string>> Subscribe(string[]? channels) => FollowAsync(channels, combined: false);

    /// <summary>
    /// As <see cref="Subscribe"/>, but each committed batch arrives as one <c>Update</c> frame holding its delta, trades,
    /// candle and ticker (those of the chosen channels it produced), and a ticker held back by the pacing as an
    /// <c>Update</c> with only the ticker.
    /// </summary>
    public Task<IReadOnlyList<string>> SubscribeCombined(string[]? channels) => FollowAsync(channels, combined: true);

    private async Task<IReadOnlyList<string>> FollowAsync(string[]? names, bool combined)
    {
        var channels = MarketChannels.None;
        foreach (var name in names ?? [])
        {
            channels |= name?.Trim().ToLowerInvariant() switch
            {
                "book" => MarketChannels.Book,
                "trades" => MarketChannels.Trades,
                "ticker" => MarketChannels.Ticker,
                "candles" => MarketChannels.Candles,
                _ => throw new HubException("validation_failed: channels must be among book, trades, ticker and candles."),
            };
        }
        if (channels == MarketChannels.None)
            channels = MarketChannels.All;
        var before = connections.Follow(Context.ConnectionId, channels, combined);
        if ((channels & MarketChannels.Book) != 0 && (before & MarketChannels.Book) == 0)
            await Clients.Caller.SendAsync("Snapshot", stream.Snapshot());
        return [.. Enum.GetValues<MarketChannels>().Where(c => c is not MarketChannels.None and not MarketChannels.All && channels.HasFlag(c))
            .Select(c => c.ToString().ToLowerInvariant())];
    }

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

    /// <summary>
    /// Up to 500 of the latest trades, newest first (<paramref name="limit"/> 1–500, default 50 when null). Any other
    /// limit, at any magnitude, is refused with a <see cref="HubException"/> whose message starts <c>validation_failed:</c>.
    /// </summary>
    public IReadOnlyList<TradeMessage> GetRecentTrades(JsonElement? limit = null)
    {
        if (!Api.ApiInput.TryInt(limit, 1, MarketDataBook.DefaultTradeCapacity, 50, out var count))
            throw Invalid("limit", 1, MarketDataBook.DefaultTradeCapacity);
        return [.. market.RecentTrades(count).Select(TradeMessage.From)];
    }

    /// <summary>Candles of "1m", "5m", "1h" or "1d", oldest first (<paramref name="limit"/> 1–1,000, default 500 when null).</summary>
    public IReadOnlyList<CandleMessage> GetCandles(string interval, JsonElement? limit = null)
    {
        if (!CandleIntervals.TryParse(interval, out var parsed))
            throw new HubException("validation_failed: interval must be 1m, 5m, 1h or 1d.");
        if (!Api.ApiInput.TryInt(limit, 1, MarketDataBook.DefaultCandleCapacity, 500, out var count))
            throw Invalid("limit", 1, MarketDataBook.DefaultCandleCapacity);
        return [.. market.Candles(parsed, count).Select(CandleMessage.From)];
    }

    private static HubException Invalid(string field, int min, int max) =>
        new($"validation_failed: {field} must be a whole number from {min} to {max}.");
}
