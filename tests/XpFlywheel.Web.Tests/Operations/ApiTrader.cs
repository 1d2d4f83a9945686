using System.Text.Json;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// One operator's program driving the API, one request after another: placements with unique client order ids,
/// amends and cancels of its resting orders, jobs for the other traders' agents, burns, locks and unlock requests,
/// each change with a unique <c>Idempotency-Key</c>. It remembers which orders and locks it was told about, across
/// restarts of the app, and never retries on its own: the test decides what is sent again.
/// </summary>
internal sealed class ApiTrader(int index, long operatorId, string apiKey, long agentId, Random random)
{
    private readonly List<long> _orders = [];
    private readonly List<long> _locks = [];
    private int _sent;

    public long OperatorId => operatorId;

    public long AgentId => agentId;

    /// <summary>The agents this trader's agent hires for jobs.</summary>
    public IReadOnlyList<long> Providers { get; set; } = [];

    public HttpClient ClientFor(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>
    /// Sends requests until <paramref name="stop"/> or until one gets no answer (the app was killed under it), and
    /// returns every request with what came back. A request in flight is never cancelled by the test, only by a kill.
    /// </summary>
    /// <summary>Requests answered (any status) over every run so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    private int _answered;

    public async Task<List<SentRequest>> RunAsync(HttpClient http, CancellationToken stop)
    {
        var sent = new List<SentRequest>();
        while (!stop.IsCancellationRequested)
        {
            var request = Next();
            var answered = await SendAsync(http, request);
            sent.Add(answered);
            if (answered.Status is null)
                return sent;
            Interlocked.Increment(ref _answered);
            Learn(answered);
        }
        return sent;
    }

    /// <summary>Sends <paramref name="request"/>; the result has no status when the connection died before the answer.</summary>
    public static async Task<SentRequest> SendAsync(HttpClient http, SentRequest request)
    {
        try
        {
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message);
            return request with { Status = (int)response.StatusCode, Response = await response.Content.ReadAsStringAsync() };
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            return request;
        }
    }

    private SentRequest Next()
    {
        var key = $"t{index}-{++_sent}";
        var roll = random.Next(100);
        if (roll < 15 && _orders.Count > 0)
        {
            var body = random.Next(2) == 0 ? Json(new { quantity = random.Next(1, 101) }) : Json(new { price = Price() });
            return new(RequestKind.Amend, operatorId, key, HttpMethod.Patch, $"/api/v1/orders/{Pick(_orders)}", body);
        }
        if (roll < 27 && _orders.Count > 0)
            return new(RequestKind.Cancel, operatorId, key, HttpMethod.Delete, $"/api/v1/orders/{Pick(_orders)}", null);
        if (roll < 41)
        {
            var job = new { clientAgentId = agentId, providerAgentId = Providers[random.Next(Providers.Count)], amount = random.Next(10, 500) / 100m, succeeded = random.Next(5) > 0 };
            return new(RequestKind.Job, operatorId, key, HttpMethod.Post, "/api/v1/jobs", Json(job));
        }
        if (roll < 50)
            return new(RequestKind.Burn, operatorId, key, HttpMethod.Post, "/api/v1/burns", Json(new { amount = random.Next(1, 51) }));
        if (roll < 62)
            return new(RequestKind.Lock, operatorId, key, HttpMethod.Post, "/api/v1/locks", Json(new { agentId, amount = random.Next(1, 101) }));
        if (roll < 74 && _locks.Count > 0)
            return new(RequestKind.Unlock, operatorId, key, HttpMethod.Post, $"/api/v1/locks/{Pick(_locks)}/unlock", "{}");
        var order = new { side = random.Next(2) == 0 ? "buy" : "sell", type = "limit", price = Price(), quantity = random.Next(1, 101), clientOrderId = key };
        return new(RequestKind.Place, operatorId, key, HttpMethod.Post, "/api/v1/orders", Json(order));
    }

    // What an answer says about this trader's resting orders and locks; a refusal means the order or lock is gone.
    private void Learn(SentRequest answered)
    {
        var id = answered.Path.Split('/') is [.., "orders", var order] ? long.Parse(order) :
            answered.Path.Split('/') is [.., "locks", var lockId, "unlock"] ? long.Parse(lockId) : 0;
        switch (answered.Kind)
        {
            case RequestKind.Place when answered.Acknowledged:
                var placed = JsonDocument.Parse(answered.Response!).RootElement.GetProperty("order");
                if (placed.GetProperty("status").GetString() is "open" or "partially_filled")
                    _orders.Add(placed.GetProperty("id").GetInt64());
                break;
            case RequestKind.Amend when !answered.Acknowledged:
            case RequestKind.Cancel:
                _orders.Remove(id);
                break;
            case RequestKind.Lock when answered.Acknowledged:
                _locks.Add(JsonDocument.Parse(answered.Response!).RootElement.GetProperty("id").GetInt64());
                break;
            case RequestKind.Unlock:
                _locks.Remove(id);
                break;
        }
    }

    // Around two cents, inside the default ±20% band once the first trade sets the reference price.
    private decimal Price() => (195 + random.Next(11)) / 10_000m;

    private long Pick(List<long> ids) => ids[random.Next(ids.Count)];

    private static string Json<T>(T body) => JsonSerializer.Serialize(body);
}
