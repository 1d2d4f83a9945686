using System.Text;
using System.Text.Json.Nodes;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>The state-changing API requests the kill test sends, each with the journal type of its command.</summary>
internal enum RequestKind { Place, Amend, Cancel, Job, Burn, Lock, Unlock }

/// <summary>
/// A state-changing API request as a client sent it, and what came back: <see cref="Status"/> is null when the
/// answer was lost because the app was killed. <see cref="Key"/> is the <c>Idempotency-Key</c> header, or for a
/// placement the <c>clientOrderId</c> in the body. Sending it again sends the very same request.
/// </summary>
internal sealed record SentRequest(RequestKind Kind, long OperatorId, string Key, HttpMethod Method, string Path, string? Body)
{
    public int? Status { get; init; }

    public string? Response { get; init; }

    /// <summary>The client heard a 2xx: the change is promised to be applied, once.</summary>
    public bool Acknowledged => Status is >= 200 and < 300;

    /// <summary>The journal's actor scope of the operator who sent it.</summary>
    public string Scope => $"o:{OperatorId}";

    public string JournalType => Kind switch
    {
        RequestKind.Place => "order.submit",
        RequestKind.Amend => "order.replace",
        RequestKind.Cancel => "order.cancel",
        RequestKind.Job => "job.record",
        RequestKind.Burn => "xp.burn",
        RequestKind.Lock => "lock.lock",
        _ => "lock.request-unlock",
    };

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
            message.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        if (Kind != RequestKind.Place)
            message.Headers.TryAddWithoutValidation(ApiIdempotency.Header, Key);
        return message;
    }

    /// <summary>
    /// Whether this answer to a repeat of <paramref name="first"/> is its first outcome: the same receipt for jobs,
    /// burns and locks; the same order for amends and cancels (whose answer shows the order as it stands now); and
    /// for a placement the same order, marked as a repeat.
    /// </summary>
    public bool Repeats(SentRequest first)
    {
        if (!Acknowledged || !first.Acknowledged)
            return false;
        var a = JsonNode.Parse(first.Response!)!;
        var b = JsonNode.Parse(Response!)!;
        return Kind switch
        {
            RequestKind.Place => b["repeat"]!.GetValue<bool>() && JsonNode.DeepEquals(a["order"]!["id"], b["order"]!["id"]),
            RequestKind.Amend or RequestKind.Cancel => JsonNode.DeepEquals(a["id"], b["id"]),
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    public override string ToString() => $"{Kind} {Key} by {Scope}: {Method} {Path} {Body} -> {Status?.ToString() ?? "lost"} {Response}";
}
