namespace XpFlywheel.Web.Market;

/// <summary>Settings of the market hub's outbound queues and pacing (section <c>MarketHub</c>).</summary>
public sealed class MarketHubOptions
{
    /// <summary>Messages one connection may have waiting before it counts as not reading and is dropped.</summary>
    public int OutboxCapacity { get; set; } = 4096;

    /// <summary>The least time between two tickers to one connection (250 ms: four a second); zero sends every one.</summary>
    public TimeSpan TickerInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The least time between two publishes (100 ms: at most ten a second, as Binance's fastest depth stream); batches
    /// committed within it go out folded together at its end. Zero publishes every batch as it commits.
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
