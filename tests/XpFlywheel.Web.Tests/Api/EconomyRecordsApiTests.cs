using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>What an economy change created can be read back where its 201 says, and burns and locks list by page.</summary>
public sealed class EconomyRecordsApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Every_201_names_its_resource_by_id_and_location_answers_with_what_was_created()
    {
        var client = await ApiClient.CreateAsync(_factory, "records-location@test.local", dollars: 100, xp: 10_000);
        var seller = await ApiClient.CreateAsync(_factory, "records-seller@test.local");
        var mine = await CreatedAsync(client, "/api/v1/agents", new { name = "Mine" });
        var provider = await CreatedAsync(seller, "/api/v1/agents", new { name = "Provider" });
        var job = await CreatedAsync(client, "/api/v1/jobs", new { clientAgentId = mine.Body.GetProperty("id").GetInt64(), providerAgentId = provider.Body.GetProperty("id").GetInt64(), amount = 10m, succeeded = true });
        var burn = await CreatedAsync(client, "/api/v1/burns", new { amount = 1_000 });
        var locked = await CreatedAsync(client, "/api/v1/locks", new { agentId = mine.Body.GetProperty("id").GetInt64(), amount = 500 });

        foreach (var (location, body) in new[] { mine, job, burn, locked })
        {
            var read = await client.Http.GetAsync(location);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{location}: {(int)read.StatusCode}");
            var id = body.GetProperty("id").GetInt64();
            Assert.EndsWith($"/{id}", location);
            Assert.Equal(id, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        Assert.Equal(job.Body.GetProperty("id").GetInt64(), job.Body.GetProperty("jobId").GetInt64());
        Assert.Equal(burn.Body.GetProperty("id").GetInt64(), burn.Body.GetProperty("burnId").GetInt64());
        var readBurn = await client.Http.GetFromJsonAsync<BurnDto>(burn.Location);
        Assert.Equal(1_000, readBurn!.Amount);
        Assert.Equal(readBurn.At + TimeSpan.FromDays(30), readBurn.CountsUntil);
        Assert.Equal(readBurn.CountsUntil, burn.Body.GetProperty("countsUntil").GetDateTime());
        var readJob = await seller.Http.GetFromJsonAsync<JobDto>(job.Location);
        Assert.Equal(10m, readJob!.Amount);
    }

    [Fact]
    public async Task Another_operators_job_burn_or_lock_is_not_found_as_an_unknown_id_is()
    {
        var owner = await ApiClient.CreateAsync(_factory, "records-owner@test.local", dollars: 100, xp: 10_000);
        var other = await ApiClient.CreateAsync(_factory, "records-other@test.local");
        var agent = await CreatedAsync(owner, "/api/v1/agents", new { name = "Owned" });
        var burn = await CreatedAsync(owner, "/api/v1/burns", new { amount = 100 });
        var locked = await CreatedAsync(owner, "/api/v1/locks", new { agentId = agent.Body.GetProperty("id").GetInt64(), amount = 100 });

        foreach (var (path, code) in new[]
                 {
                     (burn.Location, "not_found"), (locked.Location, "lock_not_found"), ("/api/v1/burns/999999", "not_found"),
                     ("/api/v1/locks/999999", "lock_not_found"), ("/api/v1/jobs/999999", "job_not_found"), ("/api/v1/agents/999999", "agent_not_found"),
                 })
        {
            var response = await other.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync(agent.Location)).StatusCode);
        Assert.Equal(0, (await other.Http.GetFromJsonAsync<PageOf<BurnDto>>("/api/v1/burns"))!.Total);
        Assert.Equal(0, (await other.Http.GetFromJsonAsync<PageOf<LockDto>>("/api/v1/locks?status=all"))!.Total);
    }

    [Fact]
    public async Task Burns_and_locks_list_newest_first_by_page_and_locks_filter_by_status()
    {
        var client = await ApiClient.CreateAsync(_factory, "records-pages@test.local", xp: 10_000);
        var agent = (await CreatedAsync(client, "/api/v1/agents", new { name = "Pages" })).Body.GetProperty("id").GetInt64();
        for (var i = 1; i <= 3; i++)
            await CreatedAsync(client, "/api/v1/burns", new { amount = i * 10 });
        var first = await CreatedAsync(client, "/api/v1/locks", new { agentId = agent, amount = 100 });
        await CreatedAsync(client, "/api/v1/locks", new { agentId = agent, amount = 200 });
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync($"/api/v1/locks/{first.Body.GetProperty("id").GetInt64()}/unlock", null)).StatusCode);

        var burns = await client.Http.GetFromJsonAsync<PageOf<BurnDto>>("/api/v1/burns?page=1&size=2");
        var rest = await client.Http.GetFromJsonAsync<PageOf<BurnDto>>("/api/v1/burns?page=2&size=2");
        var active = await client.Http.GetFromJsonAsync<PageOf<LockDto>>("/api/v1/locks");
        var released = await client.Http.GetFromJsonAsync<PageOf<LockDto>>("/api/v1/locks?status=released");

        Assert.Equal(3, burns!.Total);
        Assert.Equal([30L, 20L, 10L], burns.Items.Concat(rest!.Items).Select(b => b.Amount));
        Assert.Equal([200L, 100L], active!.Items.Select(l => l.Amount));
        Assert.Equal(["locked", "unlocking"], active.Items.Select(l => l.Status));
        Assert.Equal(0, released!.Total);
    }

    [Theory]
    [InlineData("/api/v1/locks?status=open", "status")]
    [InlineData("/api/v1/locks?size=0", "size")]
    [InlineData("/api/v1/burns?page=0", "page")]
    [InlineData("/api/v1/burns?size=99999999999", "size")]
    [InlineData("/api/v1/locks/abc", "id")]
    public async Task A_bad_filter_page_or_id_is_a_400_naming_the_field(string path, string field)
    {
        var client = await ApiClient.CreateAsync(_factory, $"records-bad-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    /// <summary>
    /// An id the caller cannot see is refused with one code whether the resource is read or acted on: a bot that
    /// matches on <c>code</c> sees one value for one condition (<c>lock_not_found</c> from <c>GET /locks/{id}</c> as from
    /// its unlock, <c>offer_not_found</c> from <c>GET /otc/offers/{id}</c> as from taking or cancelling it).
    /// </summary>
    [Theory]
    [InlineData("/api/v1/locks/999999", "POST", "/api/v1/locks/999999/unlock", """{"amount":1}""", "lock_not_found")]
    [InlineData("/api/v1/jobs/999999", "POST", "/api/v1/jobs/999999/dispute", "{}", "job_not_found")]
    [InlineData("/api/v1/otc/offers/999999", "POST", "/api/v1/otc/offers/999999/take", """{"quantity":1}""", "offer_not_found")]
    [InlineData("/api/v1/otc/offers/999999", "DELETE", "/api/v1/otc/offers/999999", null, "offer_not_found")]
    [InlineData("/api/v1/otc/requests/999999", "POST", "/api/v1/otc/requests/999999/quotes", """{"price":0.01}""", "request_not_found")]
    [InlineData("/api/v1/otc/requests/999999", "DELETE", "/api/v1/otc/requests/999999", null, "request_not_found")]
    [InlineData("/api/v1/otc/quotes/999999", "POST", "/api/v1/otc/quotes/999999/accept", null, "quote_not_found")]
    public async Task An_unknown_id_is_refused_with_one_code_whether_read_or_acted_on(string read, string method, string act, string? body, string code)
    {
        var client = await ApiClient.CreateAsync(_factory, $"records-unknown-{code}-{method}@test.local", dollars: 100, xp: 10_000);

        var readResponse = await client.Http.GetAsync(read);
        using var request = new HttpRequestMessage(new HttpMethod(method), act);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var actResponse = await client.Http.SendAsync(request);

        foreach (var response in new[] { readResponse, actResponse })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {text}");
            Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
    }

    private static async Task<(string Location, JsonElement Body)> CreatedAsync(ApiClient client, string path, object body)
    {
        var response = await client.Http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return (response.Headers.Location!.OriginalString, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
