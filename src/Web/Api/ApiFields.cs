namespace XpFlywheel.Web.Api;

/// <summary>
/// The request field a refusal is about, as the caller sent it: the economy and OTC rules name the thing
/// (<c>provider</c>, <c>counterparty</c>), which the forms show under their fields, while a body names it by its id
/// (<c>providerAgentId</c>, <c>counterpartyId</c>). A 400's <c>errors</c> keys are the body's, so a program can map
/// each error back to what it sent.
/// </summary>
public static class ApiFields
{
    private static readonly Dictionary<string, string> BodyNames = new(StringComparer.Ordinal)
    {
        ["client"] = "clientAgentId",
        ["provider"] = "providerAgentId",
        ["agent"] = "agentId",
        ["counterparty"] = "counterpartyId",
    };

    /// <summary>The body field <paramref name="field"/> stands for; a name that is already one is kept; null is "request".</summary>
    public static string Of(string? field) => field is null ? "request" : BodyNames.GetValueOrDefault(field, field);
}
