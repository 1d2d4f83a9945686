using System.Net.Http.Json;
using System.Text.Json.Nodes;
using XpFlywheel.Web.Api;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>What a running app tells its clients: each key holder's wallet, and the public book.</summary>
internal static class LiveApp
{
    public static async Task<List<WalletDto>> WalletsAsync(IEnumerable<HttpClient> clients)
    {
        var wallets = new List<WalletDto>();
        foreach (var http in clients)
            wallets.Add((await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!);
        return wallets;
    }

    /// <summary>The public book as <see cref="KillChecks.Level"/> lines, bids best first then asks best first.</summary>
    public static async Task<List<string>> BookAsync(HttpClient http)
    {
        var book = JsonNode.Parse(await http.GetStringAsync($"/api/v1/market/book?depth={MarketApi.MaxDepth}"))!;
        return [.. Levels("buy", book["bids"]!), .. Levels("sell", book["asks"]!)];

        static IEnumerable<string> Levels(string side, JsonNode levels) => levels.AsArray().Select(l =>
            KillChecks.Level(side, l!["price"]!.GetValue<decimal>(), l["quantity"]!.GetValue<long>(), l["orders"]!.GetValue<int>()));
    }
}
