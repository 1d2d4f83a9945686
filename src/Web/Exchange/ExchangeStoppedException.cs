namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Refuses a request the exchange will never run: its loop has stopped (the app is stopping) or it could not load
/// from the database. Nothing of the request was applied. The API answers it with 503 <c>exchange_unavailable</c>
/// and <c>Retry-After</c> (see <c>ApiExceptionHandler</c>); a restarted app runs the request again if it is sent again.
/// </summary>
public sealed class ExchangeStoppedException(string message, Exception? cause = null) : InvalidOperationException(message, cause)
{
    /// <summary>The refusal of a request that arrives once the loop has stopped with the app.</summary>
    public static ExchangeStoppedException ShuttingDown() =>
        new("The exchange is shutting down and takes no more requests; nothing was applied.");
}
