using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Notifications;
using XpFlywheel.Web.Projection;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Tests.Operations;
using XpFlywheel.Web.Tests.Streams;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// What happens on one node and must be felt on every other: a key revoked or an account locked out closes the
/// user-stream connections it let in wherever they are, and the notifications the leader stores reach the operator on
/// whichever node it is connected to, each once, with its id.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossNodeTests(PostgresServer server)
{
    [Fact]
    public async Task Revoking_a_key_on_one_node_closes_its_user_stream_on_every_node()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "x-revoke@test.local", xp: 100);
        var bystander = await ApiClient.CreateAsync(leader, "x-bystander@test.local");
        await using var follower = new AppFactory { PostgresConnectionString = database };
        // Only the signal can close it within the test's wait: the periodic recheck is an hour away.
        follower.Settings["Cluster:AccessRecheckInterval"] = "01:00:00";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var keys = leader.Services.GetRequiredService<ApiKeyService>();
        var created = (await keys.CreateAsync(trader.OperatorId, "bot")).Key!;

        await using var stream = await UserStreamRecorder.StartAsync(follower, created.Secret, transport: HttpTransportType.WebSockets);
        await using var other = await UserStreamRecorder.StartAsync(follower, bystander.Key, transport: HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        await other.WaitForAsync(m => m.Count > 0, "the bystander's snapshot");
        var closed = WhenClosed(stream.Connection);
        var otherClosed = WhenClosed(other.Connection);

        Assert.True(await keys.RevokeAsync(trader.OperatorId, created.Id));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(otherClosed.Task.IsCompleted);
        await using var again = UserStreamRecorder.Build(follower, created.Secret);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Locking_an_account_out_on_one_node_closes_its_user_streams_and_revalidates_its_tabs_on_every_node()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "x-locked@test.local");
        await using var follower = new AppFactory { PostgresConnectionString = database };
        follower.Settings["Cluster:AccessRecheckInterval"] = "01:00:00";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        await using var stream = await UserStreamRecorder.StartAsync(follower, trader.Key, transport: HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        var closed = WhenClosed(stream.Connection);
        // The follower's signed-in tabs revalidate on this event (and sign out), as the leader's do.
        var suspended = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        follower.Services.GetRequiredService<Web.Account.AccountStanding>().Suspended += id => suspended.TrySetResult(id);

        // As the admin users page does it, on the leader.
        await using (var scope = leader.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("x-locked@test.local"))!;
            await users.SetLockoutEnabledAsync(user, true);
            Assert.True((await users.SetLockoutEndDateAsync(user, Web.Account.AccountLockout.ByAdministratorEnd)).Succeeded);
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(trader.OperatorId, await suspended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_key_revoked_where_no_node_heard_of_it_closes_its_stream_at_the_next_recheck()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "x-missed@test.local");
        await using var follower = new AppFactory { PostgresConnectionString = database };
        follower.Settings["Cluster:AccessRecheckInterval"] = "00:00:01";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        await using var stream = await UserStreamRecorder.StartAsync(follower, trader.Key, transport: HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        var closed = WhenClosed(stream.Connection);
        await Task.Delay(1_500);
        Assert.False(closed.Task.IsCompleted);

        // Revoked in the database with no signal at all (as when the node that revoked it could not send one).
        await using (var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync())
            await db.ApiKeys.Where(k => k.OperatorId == trader.OperatorId).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTime.UtcNow));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Notifications_the_leader_stores_reach_a_followers_user_stream_once_with_their_ids()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var seller = await ApiClient.CreateAsync(leader, "x-seller@test.local", xp: 50_000);
        var buyer = await ApiClient.CreateAsync(leader, "x-buyer@test.local", dollars: 500);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        await using var stream = await UserStreamRecorder.StartAsync(follower, buyer.Key, transport: HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");

        // One only the leader learns (an epoch's payout is told from its background close)...
        var paid = await leader.Services.GetRequiredService<NotificationService>()
            .NotifyAsync(buyer.OperatorId, EconomyNotifier.EpochPaidKind, "Epoch 1 paid your agents 10 XP.");
        // ...and a fill, which the follower's own notifier also hears from its replica.
        await PlacedAsync(seller, new { side = "sell", type = "limit", price = 0.0200m, quantity = 1_000 });
        await PlacedAsync(buyer, new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000 });

        await stream.WaitForAsync(m => m.OfType<UserNotificationMessage>().Count() >= 2, "both notifications");
        await Task.Delay(1_500);
        var told = stream.Messages.OfType<UserNotificationMessage>().ToList();
        Assert.Equal(2, told.Count);
        Assert.Equal(paid.Id, Assert.Single(told, n => n.Kind == EconomyNotifier.EpochPaidKind).Id);
        var fill = Assert.Single(told, n => n.Kind == FillNotifier.Kind);
        await using var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
        var stored = await db.Notifications.SingleAsync(n => n.OperatorId == buyer.OperatorId && n.Kind == FillNotifier.Kind);
        Assert.Equal(stored.Id, fill.Id);
        Assert.Equal(stored.Message, fill.Message);
    }

    // A placement that must succeed; a refusal fails the test with its status and problem, not a bare "False".
    private static async Task PlacedAsync(ApiClient client, object order)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/orders", order);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_name_changed_on_one_node_is_shown_by_every_node()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "x-renamed@test.local");
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var onFollower = follower.Services.GetRequiredService<Web.Exchange.OperatorDirectory>();
        var before = await onFollower.NameOfAsync(trader.OperatorId);

        // As the profile page does it, on the leader.
        await using (var scope = leader.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("x-renamed@test.local"))!;
            user.DisplayName = "Renamed Trader";
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }
        leader.Services.GetRequiredService<Web.Exchange.OperatorDirectory>().NameChanged(trader.OperatorId);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = before;
        while (after == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            after = await onFollower.NameOfAsync(trader.OperatorId);
        }
        Assert.NotEqual(before, after);
        Assert.Contains("Renamed Trader", after);
    }

    private static TaskCompletionSource WhenClosed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        return closed;
    }
}
