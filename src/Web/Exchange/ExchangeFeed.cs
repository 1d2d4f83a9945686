namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Fan-out of committed exchange events to in-process subscribers (components, the hub broadcaster, market data).
/// Publishing never blocks the engine on a slow subscriber: handlers must hand work off (InvokeAsync, channels).
/// </summary>
public sealed class ExchangeFeed(ILogger<ExchangeFeed> logger)
{
    private volatile Action<ExchangeEvent>[] _handlers = [];
    private readonly Lock _gate = new();

    /// <summary>The latest book; replaced after every batch, numbered with its last journal sequence.</summary>
    public BookSnapshot Book { get; private set; } = BookSnapshot.Empty;

    public int SubscriberCount => _handlers.Length;

    public IDisposable Subscribe(Action<ExchangeEvent> handler)
    {
        lock (_gate)
            _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(ExchangeEvent exchangeEvent)
    {
        if (exchangeEvent is BookChanged changed)
            Book = changed.Book;
        foreach (var handler in _handlers)
        {
            try
            {
                handler(exchangeEvent);
            }
            catch (Exception error)
            {
                // One broken subscriber must not stop the others or the engine.
                logger.LogError(error, "An exchange event subscriber failed on {Event}", exchangeEvent.GetType().Name);
            }
        }
    }

    private void Unsubscribe(Action<ExchangeEvent> handler)
    {
        lock (_gate)
            _handlers = Array.FindAll(_handlers, h => h != handler);
    }

    private sealed class Subscription(ExchangeFeed feed, Action<ExchangeEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                feed.Unsubscribe(handler);
        }
    }
}
