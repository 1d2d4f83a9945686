using System.Net;
using System.Net.Sockets;

namespace XpFlywheel.Web.RateLimits;

/// <summary>
/// The key one client's requests, connections and failed sign-ins are counted under. An IPv4 address counts as
/// itself, and also when it arrives IPv4-mapped on a dual-stack socket (<c>::ffff:203.0.113.7</c>), so one client is one
/// count whichever way it connects. An IPv6 address counts by its /64 network: a single host is usually handed a whole
/// /64 and can pick any address in it, so counting per address would give it 2^64 budgets (the grouping large services
/// use for IPv6 limits). Audits keep the full address; only the counting groups.
/// </summary>
public static class ClientAddress
{
    /// <summary>The key for <paramref name="address"/>: "203.0.113.7", "2001:db8:1:2::/64", "::1", or "unknown".</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The key for an address written as text; text that is not an address is its own key.</summary>
    public static string Key(string? address) =>
        IPAddress.TryParse(address, out var parsed) ? Key(parsed) : address ?? "unknown";
}
