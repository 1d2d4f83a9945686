using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

public sealed class EpochApiTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestClock _clock = new(T0);
    private readonly ClockedAppFactory _factory;

    public EpochApiTests()
    {
        _factory = new ClockedAppFactory(_clock);
        _factory.Settings["Epochs:Length"] = "01:00:00";
    }

    public void Dispose() => _factory.Dispose();

    private async Task<HttpClient> StartedClientAsync()
    {
        var client = _factory.CreateClient();
        await _factory.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    [Fact]
    public async Task One_epoch_preview_serves_every_reader_until_something_it_is_scored_on_changes()
    {
        await StartedClientAsync();
        var reader = _factory.Services.GetRequiredService<EpochReader>();
        var burner = await Operators.CreateAsync(_factory.Services, "preview-burner@test.local");
        await Operators.FundAsync(_factory.Services, burner, 0, 500);
        await EconomyRows.AgentAsync(_factory.Services, burner, "preview-bot");

        var readers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => reader.CurrentAsync()));
        Assert.All(readers, r => Assert.Same(readers[0]!.Preview, r!.Preview));
        await EconomyRows.BurnAsync(_factory.Services, burner, 120);
        var afterBurn = await reader.CurrentAsync();
        _clock.Advance(EpochReader.MaxReuse);
        var afterWhile = await reader.CurrentAsync();

        Assert.NotSame(readers[0]!.Preview, afterBurn!.Preview);
        Assert.Equal(120, afterBurn.BurnedSoFar);
        Assert.NotSame(afterBurn.Preview, afterWhile!.Preview);
    }

    [Fact]
    public async Task Current_epoch_is_anonymous_json_with_its_pool_and_burns_so_far()
    {
        var client = await StartedClientAsync();
        var burner = await Operators.CreateAsync(_factory.Services, "api-burner@test.local");
        await Operators.FundAsync(_factory.Services, burner, 0, 500);
        await EconomyRows.AgentAsync(_factory.Services, burner, "api-burner-bot");
        await EconomyRows.BurnAsync(_factory.Services, burner, 200);

        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/epochs/current");

        Assert.Equal(1, json.GetProperty("number").GetInt64());
        Assert.Equal(T0.UtcDateTime, json.GetProperty("startsAt").GetDateTime().ToUniversalTime());
        Assert.Equal(T0.UtcDateTime.AddHours(1), json.GetProperty("endsAt").GetDateTime().ToUniversalTime());
        Assert.Equal(200, json.GetProperty("burnedSoFar").GetInt64());
        Assert.Equal(1_000_000, json.GetProperty("projectedPool").GetInt64());
        Assert.Equal(0, json.GetProperty("eligibleAgents").GetInt32());
    }

    [Fact]
    public async Task History_is_paged_newest_first_and_allocations_carry_the_four_components()
    {
        var client = await StartedClientAsync();
        var services = _factory.Services;
        var provider = await Operators.CreateAsync(services, "api-provider@test.local");
        var agent = await EconomyRows.AgentAsync(services, provider, "api-worker");
        var client1 = await Operators.CreateAsync(services, "api-client@test.local");
        await Operators.FundAsync(services, client1, 1_000, 0);
        var clientAgent = await EconomyRows.AgentAsync(services, client1, "api-buyer");
        for (var i = 0; i < 3; i++)
            await EconomyRows.JobAsync(services, (client1, clientAgent), (provider, agent), 10);
        _clock.Advance(TimeSpan.FromHours(2));
        await services.GetRequiredService<EpochService>().CloseDueAsync();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/epochs?page=1&size=1");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var newest = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(2, newest.GetProperty("number").GetInt64());

        var allocations = await client.GetFromJsonAsync<JsonElement>("/api/v1/epochs/1/allocations");
        var line = Assert.Single(allocations.GetProperty("allocations").EnumerateArray());
        Assert.Equal(agent, line.GetProperty("agentId").GetInt64());
        Assert.Equal(1_000_000, line.GetProperty("allocation").GetInt64());
        foreach (var component in new[] { "volumeShare", "qualityShare", "diversityShare", "reputationShare", "share" })
            Assert.Equal(1m, line.GetProperty(component).GetDecimal());

        Assert.Equal((1, 100, 1), (allocations.GetProperty("page").GetInt32(), allocations.GetProperty("size").GetInt32(), allocations.GetProperty("total").GetInt32()));
        var beyond = await client.GetFromJsonAsync<JsonElement>("/api/v1/epochs/1/allocations?page=2&size=1");
        Assert.Equal((1, 0), (beyond.GetProperty("total").GetInt32(), beyond.GetProperty("allocations").GetArrayLength()));

        var csv = await client.GetStringAsync("/api/v1/epochs/1/allocations.csv");
        Assert.StartsWith("epoch,agent_id,agent,operator", csv);
        Assert.Contains("\"api-worker\"", csv);
    }

    [Theory]
    [InlineData("/api/v1/epochs/99/allocations", HttpStatusCode.NotFound, "epoch_not_found")]
    [InlineData("/api/v1/epochs/1/allocations", HttpStatusCode.Conflict, "epoch_open")]
    [InlineData("/api/v1/epochs?page=0", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/api/v1/epochs?size=101", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/api/v1/epochs/1/allocations?size=1001", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/api/v1/epochs/99/allocations.csv", HttpStatusCode.NotFound, "epoch_not_found")]
    public async Task Bad_epoch_requests_get_the_apis_one_problem_shape_with_a_code(string path, HttpStatusCode status, string code)
    {
        var client = await StartedClientAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        // The same type and title as any other endpoint's problem of that status (Api.ApiProblems).
        var expected = Web.Api.ApiProblems.Details((int)status, code, "");
        Assert.Equal(expected.Type, problem.GetProperty("type").GetString());
        Assert.Equal(expected.Title, problem.GetProperty("title").GetString());
    }
}
