namespace XpFlywheel.Web.Data.Entities;

/// <summary>What an API key may do. Keys made before scopes existed are <see cref="Trade"/> keys.</summary>
public enum ApiKeyScope
{
    /// <summary>Everything the API offers: reads, and every POST, PATCH and DELETE (orders, jobs, burns, locks).</summary>
    Trade = 0,

    /// <summary>Reads only (GET): any POST, PATCH or DELETE is refused with 403 <c>read_only_key</c>.</summary>
    ReadOnly = 1,
}
