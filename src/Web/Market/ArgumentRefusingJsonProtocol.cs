using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace XpFlywheel.Web.Market;

/// <summary>
/// SignalR's JSON hub protocol (<see cref="JsonHubProtocol"/>, same name "json", same options and wire format), except
/// that a call whose arguments cannot be bound to the method (too many or too few, or of a type it does not take)
/// fails with a <see cref="HubException"/> whose message is <c>validation_failed:</c>, the method's parameters and
/// what was wrong, as a limit out of range does. SignalR's own protocol fails such a call before the hub runs, with
/// "Failed to invoke '…' due to an error on the server." and no reason, since it shows a binding error's reason only
/// when it is a <see cref="HubException"/>. A call to a method the hub does not have is refused the same way, naming
/// it (SignalR says "Method does not exist." without the name). The call fails alone; the connection stays open.
/// A whole frame of a message type the protocol does not know ends the connection with an error, as any other frame
/// that cannot be read does: SignalR's reader skips it without answering but, under a maximum message size, keeps it at
/// the head of its buffer, so every later call on that connection went unanswered while pushes still arrived.
/// <para>Refused calls never reach the hub, so the hub's per-connection call budget (<see cref="RateLimits.HubLimits"/>)
/// does not see them: each connection has a budget of its own for them, of the same size
/// (<see cref="RateLimits.RateLimitOptions.HubCallsPerSecond"/> a second, bursts up to twice that). A refused call over
/// it is answered <c>rate_limited:</c> instead, and the connection stays open.</para>
/// </summary>
public sealed partial class ArgumentRefusingJsonProtocol(IOptions<JsonHubProtocolOptions> options, IOptions<RateLimits.RateLimitOptions> limits) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    // Each connection has its own binder, so the binder keys its budget; the entry goes with the connection. The buckets
    // refill when used (no timer), so a connection that is gone leaves nothing running.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IInvocationBinder, System.Threading.RateLimiting.TokenBucketRateLimiter> _refusedCalls = new();

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input.Length;
        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            if (input.Length < before)
                throw new InvalidDataException("This hub message's type is not one the JSON hub protocol knows.");
            return false;
        }
        if (message is InvocationBindingFailureMessage failure)
        {
            var refusal = WithinRefusedCallBudget(binder)
                ? Refusal(failure.Target, failure.BindingFailure.SourceException, binder)
                : new HubException($"rate_limited: at most {limits.Value.HubCallsPerSecond} calls a second per connection.");
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(refusal))
            {
                Headers = failure.Headers,
            };
        }
        return true;
    }

    // Spends a token of the connection's budget for refused calls; false when it is spent.
    private bool WithinRefusedCallBudget(IInvocationBinder binder)
    {
        var calls = Math.Max(1, limits.Value.HubCallsPerSecond);
        var bucket = _refusedCalls.GetValue(binder, _ => new System.Threading.RateLimiting.TokenBucketRateLimiter(new()
        {
            TokenLimit = calls * 2,
            TokensPerPeriod = calls,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        }));
        bucket.TryReplenish();
        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>The sentence a caller reads for a call to <paramref name="target"/> whose arguments did not bind.</summary>
    internal static HubException Refusal(string target, Exception cause, IInvocationBinder binder)
    {
        IReadOnlyList<Type> parameters;
        try
        {
            parameters = binder.GetParameterTypes(target);
        }
        catch (HubException)
        {
            return new HubException($"validation_failed: this hub has no method {target}.");
        }
        var takes = parameters.Count == 0
            ? $"{target} takes no arguments"
            : $"{target} takes {Count(parameters.Count)} ({string.Join(", ", parameters.Select(Describe))})";
        var sent = ArgumentCount().Match(cause.Message) is { Success: true } count
            ? Sent(int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            : "an argument is not of its type";
        return new HubException($"validation_failed: {takes}; {sent}.");
    }

    private static string Count(int n) => n == 1 ? "1 argument" : $"{n} arguments";

    private static string Sent(int n) => n switch { 0 => "none was sent", 1 => "1 was sent", _ => $"{n} were sent" };

    // The parameter types the market and user hubs take, as a caller writes them in JSON.
    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(string[]) => "a list of strings or null",
        _ when type == typeof(JsonElement?) || type == typeof(JsonElement) => "a whole number or null",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ => "a value",
    };

    // SignalR's sentence for a count mismatch: "Invocation provides 2 argument(s) but target expects 1."
    [GeneratedRegex(@"provides (\d+) argument", RegexOptions.CultureInvariant)]
    private static partial Regex ArgumentCount();
}
