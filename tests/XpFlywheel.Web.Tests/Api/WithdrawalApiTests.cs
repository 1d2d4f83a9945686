using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>SPEC §9: cash leaves by withdrawal, a record; only available cash leaves, and the supply still adds up.</summary>
public sealed class WithdrawalApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static Task<HttpResponseMessage> WithdrawAsync(ApiClient client, string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/withdrawals") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
            request.Headers.Add(ApiIdempotency.Header, key);
        return client.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_withdrawal_takes_available_cash_out_and_is_listed_and_counted_in_the_supply()
    {
        var client = await ApiClient.CreateAsync(_factory, $"wd-ok-{Guid.NewGuid():N}@test.local", dollars: 100m);

        var done = await WithdrawAsync(client, """{"amount":"40.125"}""");

        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var receipt = await JsonOf(done);
        var id = receipt.GetProperty("id").GetInt64();
        Assert.Equal(40.125m, receipt.GetProperty("amount").GetDecimal());
        Assert.Equal(59.875m, receipt.GetProperty("cashAvailable").GetDecimal());
        Assert.Equal($"/api/v1/wallet/withdrawals/{id}", done.Headers.Location!.OriginalString);
        var wallet = await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        Assert.Equal(59.875m, wallet!.CashAvailable);
        var one = await JsonOf(await client.Http.GetAsync($"/api/v1/wallet/withdrawals/{id}"));
        Assert.Equal(40.125m, one.GetProperty("amount").GetDecimal());
        var list = await JsonOf(await client.Http.GetAsync("/api/v1/wallet/withdrawals"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var postings = await JsonOf(await client.Http.GetAsync("/api/v1/wallet/postings"));
        Assert.Contains(postings.GetProperty("items").EnumerateArray(), p => p.GetProperty("reason").GetString() == "withdrawal" && p.GetProperty("reference").GetInt64() == id);
        var supply = await _factory.Services.GetRequiredService<SupplyReport>().ComputeAsync();
        Assert.Empty(supply.Problems);
    }

    [Fact]
    public async Task A_withdrawal_beyond_available_cash_is_refused_and_held_cash_never_leaves()
    {
        var client = await ApiClient.CreateAsync(_factory, $"wd-held-{Guid.NewGuid():N}@test.local", dollars: 50m);
        // A resting buy holds most of the cash: 2,000 XP at $0.02 holds $40 and its largest fee.
        var order = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 2000, timeInForce = "gtc" });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var before = (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;

        var refused = await WithdrawAsync(client, """{"amount":50}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = await JsonOf(refused);
        Assert.Equal("insufficient_cash", problem.GetProperty("code").GetString());
        Assert.Contains("held by open orders", problem.GetProperty("detail").GetString());
        var after = (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
        Assert.Equal(before, after);
        Assert.Equal(0, (await JsonOf(await client.Http.GetAsync("/api/v1/wallet/withdrawals"))).GetProperty("total").GetInt32());
        // Exactly the available cash may leave.
        Assert.Equal(HttpStatusCode.Created, (await WithdrawAsync(client, $$"""{"amount":{{before.CashAvailable}}}""")).StatusCode);
        Assert.Equal(0m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
    }

    [Theory]
    [InlineData("""{"amount":0}""")]
    [InlineData("""{"amount":-1}""")]
    [InlineData("""{"amount":"0.0000001"}""")]
    [InlineData("""{"amount":1000000000000.01}""")]
    [InlineData("""{"amount":8000000000000000000000000000}""")]
    [InlineData("""{"amount":"ten"}""")]
    [InlineData("""{}""")]
    public async Task A_withdrawal_amount_that_is_not_a_positive_micro_dollar_amount_is_a_400_naming_the_field(string body)
    {
        var client = await ApiClient.CreateAsync(_factory, $"wd-bad-{Guid.NewGuid():N}@test.local", dollars: 10m);

        var refused = await WithdrawAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await JsonOf(refused);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
        Assert.Equal(10m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
    }

    [Fact]
    public async Task A_repeated_withdrawal_under_one_key_takes_cash_once_and_is_marked_replayed()
    {
        var client = await ApiClient.CreateAsync(_factory, $"wd-key-{Guid.NewGuid():N}@test.local", dollars: 30m);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => WithdrawAsync(client, """{"amount":10}""", "wd-1")));
        var other = await WithdrawAsync(client, """{"amount":11}""", "wd-1");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(await Task.WhenAll(answers.Select(async a => (await JsonOf(a)).GetProperty("id").GetInt64())).ContinueWith(t => t.Result.Distinct()));
        Assert.Equal(7, answers.Count(a => a.Headers.Contains(ApiIdempotency.ReplayedHeader)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency_key_reused", (await JsonOf(other)).GetProperty("code").GetString());
        Assert.Equal(20m, (await client.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.CashAvailable);
    }

    [Fact]
    public async Task Another_operators_withdrawal_is_not_found()
    {
        var owner = await ApiClient.CreateAsync(_factory, $"wd-own-{Guid.NewGuid():N}@test.local", dollars: 5m);
        var other = await ApiClient.CreateAsync(_factory, $"wd-other-{Guid.NewGuid():N}@test.local");
        var id = (await JsonOf(await WithdrawAsync(owner, """{"amount":1}"""))).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/wallet/withdrawals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/api/v1/wallet/withdrawals/{id}")).StatusCode);
    }
}
