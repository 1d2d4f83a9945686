using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Tests.Operations;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// The dead-man switch is one per operator across the nodes: armed, refreshed, read and disarmed on any of them, and
/// fired by whichever node leads when it falls due, also after the node that armed it lost the writer.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CancelAfterClusterTests(PostgresServer server)
{
    [Fact]
    public async Task A_dead_man_switch_armed_on_one_node_is_read_refreshed_and_disarmed_on_any_other()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "dm-nodes@test.local", dollars: 100);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var onFollower = trader.On(follower);

        var armed = await SetAsync(onFollower, 600);
        Assert.Equal(armed.TriggerTime, (await GetAsync(trader)).TriggerTime);

        var refreshed = await SetAsync(trader, 900);
        Assert.True(refreshed.TriggerTime > armed.TriggerTime);
        Assert.Equal(refreshed.TriggerTime, (await GetAsync(onFollower)).TriggerTime);

        Assert.Null((await SetAsync(onFollower, 0)).TriggerTime);
        Assert.Null((await GetAsync(trader)).TriggerTime);
    }

    [Fact]
    public async Task A_dead_man_switch_fires_on_the_new_leader_after_the_node_that_armed_it_died()
    {
        var database = await server.CreateDatabaseAsync();
        var leader = new AppFactory { PostgresConnectionString = database };
        await using var follower = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "dm-failover@test.local", dollars: 100);
        var bystander = await ApiClient.CreateAsync(leader, "dm-bystander@test.local", dollars: 100);
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var onFollower = trader.On(follower);
        await PlaceAsync(trader, 0.0200m);
        await PlaceAsync(onFollower, 0.0190m);
        await PlaceAsync(bystander, 0.0180m);
        await SetAsync(trader, 3);

        // The node that armed it is gone before it falls due; the countdown was never its alone.
        await leader.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await OpenAsync(onFollower) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(0, await OpenAsync(onFollower));
        Assert.Equal(1, await OpenAsync(bystander.On(follower)));
        Assert.False(follower.Services.GetRequiredService<ExchangeHost>().Following);
        await using var db = await follower.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.Journal.Where(j => j.Type == "order.cancel-all" && j.Actor == "s:cancel-after").ToListAsync());
        // Removed once its cancel is durable.
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (await db.CancelAfterSwitches.AnyAsync() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.False(await db.CancelAfterSwitches.AnyAsync());
    }

    private static async Task<CancelAfterDto> SetAsync(ApiClient client, int seconds)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CancelAfterDto>())!;
    }

    private static async Task<CancelAfterDto> GetAsync(ApiClient client) =>
        (await client.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!;

    private static async Task PlaceAsync(ApiClient client, decimal price)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price, quantity = 10 });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<int> OpenAsync(ApiClient client) =>
        (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total;
}
