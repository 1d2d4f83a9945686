using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>The record-a-job provider picker's search: any active agent by its name or its operator's public name.</summary>
public sealed class AgentSearchTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Provider_search_finds_an_agent_by_its_name_or_its_operators_public_name_in_any_case_never_by_email_domain()
    {
        var kit = new EconomyKit(_factory.Services);
        var quiet = await Operators.CreateAsync(_factory.Services, "quietharbor@search-domain.test");
        var loud = await Operators.CreateAsync(_factory.Services, "loudriver@search-domain.test");
        var scout = await kit.AgentAsync(quiet, "Scout Alpha");
        var mapper = await kit.AgentAsync(loud, "Mapper Beta");
        var search = _factory.Services.GetRequiredService<AgentService>();

        async Task<long[]> FindAsync(string text) => [.. (await search.SearchAsync(text)).Select(a => a.Id).Order()];

        Assert.Equal([scout], await FindAsync("alpha"));
        Assert.Equal([scout], await FindAsync("QUIETHARBOR"));
        Assert.Equal([mapper], await FindAsync("riv"));
        Assert.Empty(await FindAsync("search-domain"));
        Assert.Empty(await FindAsync("@search"));
    }
}
