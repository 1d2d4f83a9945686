using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>Problems a program can act on: a 400's errors keyed by the body fields it sent, and a title that says what happened.</summary>
public sealed class ProblemShapeTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<string[]> ErrorKeysAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public async Task Error_keys_are_the_body_fields_sent_for_a_job_naming_one_agent_twice()
    {
        var kit = new EconomyKit(factory.Services);
        var client = await ApiClient.CreateAsync(factory, $"fields-job-{Guid.NewGuid():N}@test.local", dollars: 100);
        var agent = await kit.AgentAsync(client.OperatorId);

        var response = await client.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = agent, providerAgentId = agent, amount = 5, succeeded = true });

        Assert.Equal(["providerAgentId"], await ErrorKeysAsync(response));
    }

    [Fact]
    public async Task Error_keys_are_the_body_fields_sent_for_an_offer_to_an_unknown_counterparty()
    {
        var maker = await ApiClient.CreateAsync(factory, $"fields-otc-{Guid.NewGuid():N}@test.local", xp: 1_000);
        // OTC prices are checked against the book's reference price: give it one.
        await new EconomyKit(factory.Services).Host.ExecuteAsync(session => session.Engine.SetReferencePrice(XpFlywheel.Core.Primitives.Price.FromDollars(0.0200m)).IsAccepted);

        var response = await maker.Http.PostAsJsonAsync("/api/v1/otc/offers", new
        {
            side = "sell", price = "0.0200", quantity = 100, expiresAt = DateTime.UtcNow.AddHours(1), counterpartyId = 999_999,
        });

        Assert.Equal(["counterpartyId"], await ErrorKeysAsync(response));
    }

    /// <summary>Every problem has a title that says what happened: a method an endpoint does not take is not "Error".</summary>
    [Fact]
    public async Task A_method_an_endpoint_does_not_take_is_405_titled_method_not_allowed()
    {
        var response = await factory.CreateClient().DeleteAsync("/api/v1/market/ticker");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Method not allowed", "method_not_allowed"), (problem.GetProperty("title").GetString(), problem.GetProperty("code").GetString()));
    }
}
