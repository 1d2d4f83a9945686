using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

public sealed class CancelAfterTests : IDisposable
{
    private readonly FakeClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Dead_man_switch_cancels_every_open_order_through_the_journal_when_not_refreshed()
    {
        var client = await ApiClient.CreateAsync(_factory, "deadman@test.local", dollars: 100);
        var bystander = await ApiClient.CreateAsync(_factory, "bystander@test.local", dollars: 100);
        await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 });
        await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0190m, quantity = 10 });
        await bystander.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0180m, quantity = 10 });

        var armed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 60 })).Content.ReadFromJsonAsync<CancelAfterDto>();
        Assert.Equal(60_000, armed!.TriggerTime - armed.CurrentTime);
        _factory.Clock.Advance(TimeSpan.FromSeconds(59));
        await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 60 });
        _factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await OpenAsync(client));

        _factory.Clock.Advance(TimeSpan.FromSeconds(31));

        await WaitForAsync(async () => await OpenAsync(client) == 0);
        Assert.Equal(1, await OpenAsync(bystander));
        // Each order says the switch took it, not its owner.
        var closed = (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=closed"))!.Items;
        Assert.Equal(2, closed.Count);
        Assert.All(closed, o => Assert.Equal(("cancelled", "cancel_after"), (o.Status, o.CancelReason)));
        // The switch reads its due time until the cancel is durable and the leader removed it, then disarmed.
        await WaitForAsync(async () => (await client.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!.TriggerTime is null);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.Journal.Where(j => j.Type == "order.cancel-all").ToListAsync(), j => j.Actor == "s:cancel-after");
    }

    /// <summary>
    /// The switch cancels the orders placed up to its due time. The leader looks for due switches every half second
    /// (and not at all while no leader runs), so an order a live client placed after the due time, before the cancel
    /// was applied, stays open.
    /// </summary>
    [Fact]
    public async Task A_dead_man_switch_cancels_only_the_orders_placed_before_it_fell_due()
    {
        var client = await ApiClient.CreateAsync(_factory, "late-deadman@test.local", dollars: 100);
        var start = _factory.Clock.GetUtcNow().UtcDateTime;
        var before = await PlacedIdAsync(client, 0.0200m);
        _factory.Clock.Advance(TimeSpan.FromSeconds(20));
        var after = await PlacedIdAsync(client, 0.0190m);
        // Fell due at +10 s, not fired yet: as a switch the leader had not reached when the second order came.
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.CancelAfterSwitches.Add(new Data.Entities.CancelAfterSwitch { OperatorId = client.OperatorId, ArmedAt = start, TriggerAt = start.AddSeconds(10) });
            await db.SaveChangesAsync();
        }

        _factory.Clock.Advance(TimeSpan.FromSeconds(1));

        await WaitForAsync(async () => (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{before}"))!.Status == "cancelled");
        Assert.Equal("cancel_after", (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{before}"))!.CancelReason);
        await WaitForAsync(async () => (await client.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!.TriggerTime is null);
        Assert.Equal("open", (await client.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{after}"))!.Status);
    }

    /// <summary>
    /// An order the writer applied before the due time, in a batch the tables did not show yet when the switch fired,
    /// is covered (it rests in the writer stamped with its placement); one stamped after the due time, or in the due
    /// millisecond itself, is not, unless the tables show it placed by then.
    /// </summary>
    [Fact]
    public void A_dead_man_switch_covers_orders_the_writer_applied_by_its_due_time_before_the_tables_show_them()
    {
        var due = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc).AddTicks(5_000);
        var dueMs = new DateTimeOffset(due).ToUnixTimeMilliseconds();
        static Core.Matching.OrderView Resting(long id, long ms) =>
            new(id, 7, Core.Matching.Side.Buy, new Core.Primitives.Price(200), new Core.Primitives.Xp(10), id, ms, 2_000, false);

        Assert.Equal(12, XpFlywheel.Web.Exchange.CancelAfterExpiry.Bound(10, [Resting(11, dueMs - 1_000), Resting(12, dueMs - 1), Resting(13, dueMs + 1)], due));
        Assert.Equal(10, XpFlywheel.Web.Exchange.CancelAfterExpiry.Bound(10, [Resting(11, dueMs), Resting(12, dueMs + 1)], due));
        Assert.Equal(10, XpFlywheel.Web.Exchange.CancelAfterExpiry.Bound(10, [Resting(4, dueMs - 1)], due));
        Assert.Equal(0, XpFlywheel.Web.Exchange.CancelAfterExpiry.Bound(0, [], due));
    }

    private static async Task<long> PlacedIdAsync(ApiClient client, decimal price)
    {
        var placed = await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price, quantity = 10 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Content.ReadFromJsonAsync<PlaceOrderResponse>())!.Order!.Id;
    }

    [Fact]
    public async Task A_dead_man_switch_cancel_reaches_the_user_stream_as_cancel_after()
    {
        var (client, _) = await ArmedWithOneOrderAsync(_factory, "stream-deadman@test.local", seconds: 10);
        await using var stream = await Streams.UserStreamRecorder.StartAsync(_factory, client.Key);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");

        _factory.Clock.Advance(TimeSpan.FromSeconds(10));

        await stream.WaitForAsync(_ => stream.Orders.Any(o => o.Event == "cancelled"), "the cancel");
        Assert.Equal("cancel_after", stream.Orders.Single(o => o.Event == "cancelled").Reason);
    }

    /// <summary>
    /// Arms, refreshes and disarms of one operator's switch racing each other all answer, and leave one switch or none:
    /// an arm was an update followed by an insert, so concurrent arms and disarms failed its unique key, and a third
    /// failure in a row answered 500.
    /// </summary>
    [Fact]
    public async Task Concurrent_arms_and_disarms_of_one_dead_man_switch_all_answer_and_leave_one_switch_or_none()
    {
        var client = await ApiClient.CreateAsync(_factory, "deadman-race@test.local", dollars: 100);
        int[] seconds = [0, 5, 7];

        for (var round = 0; round < 10; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
                client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = seconds[(i + round) % 3] })));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            Assert.InRange(await db.CancelAfterSwitches.CountAsync(s => s.OperatorId == client.OperatorId), 0, 1);
        }
        var armed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 30 })).Content.ReadFromJsonAsync<CancelAfterDto>();
        Assert.Equal(30_000, armed!.TriggerTime - armed.CurrentTime);
    }

    /// <summary>
    /// A call that met a switch as it fell due waits for that switch's cancel, not for whatever switch the operator has
    /// next: when the fallen-due switch is replaced by a counting one (its cancel applied, another request armed again),
    /// an arm moves the new switch and a disarm answers disarmed, at once. Both waited for the new switch to go, which a
    /// counting switch never does, and answered 503 after 5 s.
    /// </summary>
    [Theory]
    [InlineData(30)]
    [InlineData(0)]
    public async Task A_call_waiting_for_a_fallen_due_switch_does_not_wait_out_the_switch_armed_after_it(int seconds)
    {
        var client = await ApiClient.CreateAsync(_factory, $"deadman-after-{seconds}@test.local", dollars: 100);
        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var now = _factory.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Claimed by a leader that is firing it (its cancel not yet durable). Its trigger stands a second ahead of this
            // app's clock, so this app's own expiry, which takes switches due by its clock, leaves it to that leader.
            db.CancelAfterSwitches.Add(new XpFlywheel.Web.Data.Entities.CancelAfterSwitch
            {
                OperatorId = client.OperatorId, TriggerAt = now.AddSeconds(1), ArmedAt = now.AddSeconds(-59), FiringAt = now,
            });
            await db.SaveChangesAsync();
        }

        // Warmed up first, so the call below reaches its wait well within the pause that follows.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/orders/cancel-after")).StatusCode);
        var call = client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds });
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(call.IsCompleted, "the call waits while the switch being fired is there");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Its cancel applied and another request armed a new countdown: one row, counting down a minute.
            await db.CancelAfterSwitches.Where(s => s.OperatorId == client.OperatorId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TriggerAt, now.AddSeconds(60)).SetProperty(s => s.ArmedAt, now).SetProperty(s => s.FiringAt, (DateTime?)null));
        }
        var response = await call;

        // A call that waited for the new countdown would be answered 503 when its wait ran out, not 200.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<CancelAfterDto>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var row = await db.CancelAfterSwitches.AsNoTracking().SingleAsync(s => s.OperatorId == client.OperatorId);
            // An arm moved the new countdown to its own 30 s; a disarm came before that arm and leaves it.
            // To the microsecond: PostgreSQL keeps no finer time.
            Assert.Equal(Microseconds(seconds == 0 ? now.AddSeconds(60) : now.AddSeconds(30)), Microseconds(row.TriggerAt));
        }
        Assert.Equal(seconds == 0 ? null : 30_000, answer!.TriggerTime - answer.CurrentTime);
    }

    [Fact]
    public async Task Zero_seconds_disarms_the_dead_man_switch()
    {
        var client = await ApiClient.CreateAsync(_factory, "disarm@test.local", dollars: 100);
        await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 });
        await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 10 });

        var disarmed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 0 })).Content.ReadFromJsonAsync<CancelAfterDto>();
        _factory.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(disarmed!.TriggerTime);
        await Task.Delay(200);
        Assert.Equal(1, await OpenAsync(client));
    }

    [Fact]
    public async Task A_refresh_after_the_switch_fell_due_answers_after_its_cancel_and_arms_a_new_countdown()
    {
        var (client, _) = await ArmedWithOneOrderAsync(_factory, "late-refresh@test.local", seconds: 10);

        _factory.Clock.Advance(TimeSpan.FromSeconds(11));
        var refreshed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 60 })).Content.ReadFromJsonAsync<CancelAfterDto>();

        // Too late to save the old orders, which are gone by the time the answer comes...
        Assert.Equal(0, await OpenAsync(client));
        Assert.Equal(60_000, refreshed!.TriggerTime - refreshed.CurrentTime);
        // ...and the new countdown spares what is placed after it.
        await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0190m, quantity = 10 });
        await Task.Delay(300);
        Assert.Equal(1, await OpenAsync(client));
        Assert.Equal(refreshed.TriggerTime, (await client.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!.TriggerTime);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.Journal.Where(j => j.Type == "order.cancel-all" && j.Actor == "s:cancel-after").ToListAsync());
    }

    [Fact]
    public async Task A_disarm_after_the_switch_fell_due_is_too_late_and_answers_after_its_cancel()
    {
        var (client, _) = await ArmedWithOneOrderAsync(_factory, "late-disarm@test.local", seconds: 10);

        _factory.Clock.Advance(TimeSpan.FromSeconds(10));
        var disarmed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds = 0 })).Content.ReadFromJsonAsync<CancelAfterDto>();

        Assert.Null(disarmed!.TriggerTime);
        Assert.Equal(0, await OpenAsync(client));
    }

    [Fact]
    public async Task Dead_man_switch_outlives_a_restart_and_fires_at_its_trigger_time()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        var start = DateTimeOffset.UtcNow;
        long triggerTime;
        ApiClient client;
        await using (var first = new FakeClockFactory(start) { Folder = folder })
        {
            (client, var armed) = await ArmedWithOneOrderAsync(first, "restart-deadman@test.local", seconds: 60);
            triggerTime = armed.TriggerTime!.Value;
        }

        // The exchange was down for 30 s: the countdown kept its time and still runs.
        await using var second = new FakeClockFactory(start.AddSeconds(30)) { Folder = folder };
        var again = client.On(second);
        Assert.Equal(triggerTime, (await again.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!.TriggerTime);
        await Task.Delay(200);
        Assert.Equal(1, await OpenAsync(again));

        second.Clock.Advance(TimeSpan.FromSeconds(31));

        await WaitForAsync(async () => await OpenAsync(again) == 0);
        await WaitForAsync(async () => (await again.Http.GetFromJsonAsync<CancelAfterDto>("/api/v1/orders/cancel-after"))!.TriggerTime is null);
    }

    [Fact]
    public async Task Dead_man_switch_that_fell_due_while_the_exchange_was_down_fires_as_soon_as_it_runs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        var start = DateTimeOffset.UtcNow;
        ApiClient client;
        await using (var first = new FakeClockFactory(start) { Folder = folder })
        {
            (client, _) = await ArmedWithOneOrderAsync(first, "down-deadman@test.local", seconds: 10);
        }

        await using var second = new FakeClockFactory(start.AddMinutes(5)) { Folder = folder };
        var again = client.On(second);

        await WaitForAsync(async () => await OpenAsync(again) == 0);
        await using var db = await second.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.Journal.Where(j => j.Type == "order.cancel-all" && j.Actor == "s:cancel-after").ToListAsync());
        // Removed once its cancel is durable.
        await WaitForAsync(async () => !await db.CancelAfterSwitches.AnyAsync());
    }

    [Theory]
    [InlineData("{\"seconds\":86401}")]
    [InlineData("{\"seconds\":-1}")]
    [InlineData("{\"seconds\":1e12}")]
    [InlineData("{}")]
    [InlineData("{\"seconds\":\"1.5\"}")]
    [InlineData("{\"seconds\":\"010\"}")]
    public async Task Dead_man_switch_out_of_range_is_400_validation_failed(string json)
    {
        var client = await ApiClient.CreateAsync(_factory, $"deadman-{json.Length}@test.local");

        var response = await client.Http.PostAsync("/api/v1/orders/cancel-after", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("seconds", out _));
    }

    /// <summary>Seconds are read as every other number of the API: a JSON number or a string holding one.</summary>
    [Fact]
    public async Task Dead_man_switch_takes_its_seconds_as_a_number_or_a_string()
    {
        var client = await ApiClient.CreateAsync(_factory, "deadman-string@test.local");

        var response = await client.Http.PostAsync("/api/v1/orders/cancel-after", new StringContent("{\"seconds\":\"60\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var armed = (await response.Content.ReadFromJsonAsync<CancelAfterDto>())!;
        Assert.Equal(60_000, armed.TriggerTime - armed.CurrentTime);
    }

    // An operator with one open buy order and the switch armed for `seconds`.
    private static async Task<(ApiClient Client, CancelAfterDto Armed)> ArmedWithOneOrderAsync(AppFactory factory, string email, int seconds)
    {
        var client = await ApiClient.CreateAsync(factory, email, dollars: 100);
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", price = 0.0200m, quantity = 10 })).StatusCode);
        var armed = await (await client.Http.PostAsJsonAsync("/api/v1/orders/cancel-after", new { seconds })).Content.ReadFromJsonAsync<CancelAfterDto>();
        return (client, armed!);
    }

    private static async Task<int> OpenAsync(ApiClient client) =>
        (await client.Http.GetFromJsonAsync<PageOf<OrderDto>>("/api/v1/orders?status=open"))!.Total;

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // 15 s, as the other waits: the cancel takes a timer tick, a journal commit and the projection on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !await condition())
            await Task.Delay(50);
        Assert.True(await condition());
    }

    /// <summary>The real app on a clock the test moves, timers included.</summary>
    private static long Microseconds(DateTime time) => time.Ticks / 10;

    private sealed class FakeClockFactory(DateTimeOffset? start = null) : AppFactory
    {
        public FakeTimeProvider Clock { get; } = new(start ?? DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}
