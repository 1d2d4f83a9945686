using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The outcome of checking a presented API key: the operator, key and limits it carries, or why it is refused
/// (a problem-details <see cref="Code"/> and a sentence for people). <see cref="ExpiresAt"/> is when an accepted key
/// stops working (UTC; null for never): connections it opens close then.
/// </summary>
public sealed record ApiKeyCheck(long? OperatorId, long? KeyId, ApiKeyScope Scope, string AllowedNetworks, string? Code, string? Refusal,
    DateTime? ExpiresAt = null)
{
    /// <summary>An unknown or revoked key: the two are not told apart, so a guess learns nothing.</summary>
    public static ApiKeyCheck Unknown { get; } = Refused("invalid_api_key", "The API key is unknown or revoked.");

    /// <summary>More than one key in the request: which one was meant cannot be told.</summary>
    public static ApiKeyCheck TwoKeys { get; } = Refused("invalid_api_key", "Send exactly one API key, in one X-Api-Key header.");

    /// <summary>Whether the key may be used (its scope and allow-list are checked per request after this).</summary>
    public bool IsAccepted => OperatorId is not null;

    /// <summary>A usable key of <paramref name="operatorId"/> with its scope, stored allow-list and expiry (UTC, null for never).</summary>
    public static ApiKeyCheck Accepted(long operatorId, long keyId, ApiKeyScope scope, string allowedNetworks, DateTime? expiresAt = null) =>
        new(operatorId, keyId, scope, allowedNetworks, null, null, expiresAt);

    /// <summary>A refused key: 401 problem details with <paramref name="code"/> and <paramref name="refusal"/>.</summary>
    public static ApiKeyCheck Refused(string code, string refusal) => new(null, null, ApiKeyScope.Trade, "", code, refusal);
}
