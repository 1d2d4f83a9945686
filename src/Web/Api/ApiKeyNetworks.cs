using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XpFlywheel.Web.Api;

/// <summary>
/// The IP allow-list of an API key: single addresses (<c>203.0.113.7</c>, <c>2001:db8::1</c>) and CIDR ranges
/// (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>), kept as canonical CIDR text separated by commas. An IPv4 address that
/// arrives as IPv6 (<c>::ffff:203.0.113.7</c>) counts as the IPv4 address.
/// </summary>
public static class ApiKeyNetworks
{
    /// <summary>The most addresses and ranges one key may list.</summary>
    public const int MaxEntries = 20;

    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];

    /// <summary>Parses what a person typed into the canonical list ("" for none), or says which entry is wrong.</summary>
    public static (string Networks, string? Error) Parse(string? input)
    {
        var entries = (input ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length > MaxEntries)
            return ("", $"List at most {MaxEntries} addresses or ranges.");
        var networks = new List<string>(entries.Length);
        foreach (var entry in entries)
        {
            if (TryParseEntry(entry) is not { } network)
                return ("", $"\"{Shorten(entry)}\" is not an IP address or CIDR range such as 203.0.113.7 or 10.0.0.0/8"
                    + " (a range's address must have no bits set after its prefix).");
            var text = network.ToString();
            if (!networks.Contains(text))
                networks.Add(text);
        }
        return (string.Join(',', networks), null);
    }

    /// <summary>The entries of a stored list, for display.</summary>
    public static IReadOnlyList<string> Entries(string networks) =>
        networks.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether a request from <paramref name="remote"/> may use a key with this stored list: always when the list is
    /// empty, never from an unknown address otherwise.
    /// </summary>
    public static bool Allows(string networks, IPAddress? remote)
    {
        if (networks.Length == 0)
            return true;
        if (remote is null)
            return false;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        foreach (var entry in Entries(networks))
            if (IPNetwork.TryParse(entry, out var network) && network.Contains(remote))
                return true;
        return false;
    }

    private static IPNetwork? TryParseEntry(string entry)
    {
        var slash = entry.IndexOf('/');
        var addressText = slash < 0 ? entry : entry[..slash];
        // IPAddress also reads "10" or "10.1" as IPv4 shorthands; a person typing those means something else.
        if (!addressText.Contains(':') && addressText.Count(c => c == '.') != 3)
            return null;
        if (!IPAddress.TryParse(addressText, out var address)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
            return null;
        if (slash < 0 && address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            return null;
        return HasBitsAfter(address.GetAddressBytes(), prefix) ? null : new IPNetwork(address, prefix);
    }

    private static bool HasBitsAfter(byte[] address, int prefix)
    {
        for (var bit = prefix; bit < address.Length * 8; bit++)
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0)
                return true;
        return false;
    }

    private static string Shorten(string entry) => entry.Length <= 45 ? entry : entry[..45] + "…";
}
