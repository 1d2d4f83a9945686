namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// What each <c>/api/v1</c> endpoint costs from the caller's per-minute budget, by endpoint name: writes that touch
/// one order cost 1, reads that scan a history or cancel everything cost more. Unnamed endpoints cost 1.
/// </summary>
public static class ApiWeights
{
    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["CancelAllOrders"] = 10,
        ["ListOrders"] = 5,
        ["MyTrades"] = 5,
        ["ListPostings"] = 5,
        ["ListJobs"] = 5,
        ["GetBook"] = 2,
        ["GetTrades"] = 2,
        ["GetCandles"] = 2,
        ["GetLeaderboard"] = 5,
        ["ListEpochs"] = 5,
        ["GetEpochAllocations"] = 5,
        ["GetEpochAllocationsCsv"] = 10,
        ["ListOtcOffers"] = 2,
        ["ListMyOtcOffers"] = 2,
        ["ListOtcRequests"] = 2,
        ["ListMyOtcRequests"] = 2,
        ["ListMyOtcQuotes"] = 2,
        ["GetOtcTrades"] = 2,
        ["MyOtcTrades"] = 5,
    };

    /// <summary>The name of the endpoint that places orders, which also spends the order budget.</summary>
    public const string PlaceOrder = "PlaceOrder";

    /// <summary>The name of the endpoint that amends orders: a new price re-queues the order and may trade as a new one.</summary>
    public const string AmendOrder = "AmendOrder";

    /// <summary>
    /// True for the endpoints that spend the order budget as well as their weight: placements and amends (Binance and
    /// Kraken count an order modify as an order).
    /// </summary>
    public static bool SpendsAnOrder(string? endpointName) => endpointName is PlaceOrder or AmendOrder;

    /// <summary>Every weighted endpoint and its weight, for the published limits.</summary>
    public static IReadOnlyDictionary<string, int> All => ByName;

    /// <summary>The weight of the endpoint with this name; 1 when it is not listed.</summary>
    public static int Of(string? endpointName) =>
        endpointName is not null && ByName.TryGetValue(endpointName, out var weight) ? weight : 1;
}
