using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Cash one counted successful job moved from the client's operator to the provider's operator.</summary>
public sealed record OperatorFlow(string FromOperatorId, string ToOperatorId, Cash Amount, DateTime At);
