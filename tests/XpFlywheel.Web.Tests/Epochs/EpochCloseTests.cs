using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

// Each test owns its app, database and clock: epochs are global state.
public sealed class EpochCloseTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);
    private readonly List<AppFactory> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
            factory.Dispose();
    }

    private ClockedAppFactory NewApp(TestClock clock, string? folder = null)
    {
        var factory = folder is null ? new ClockedAppFactory(clock) : new ClockedAppFactory(clock) { Folder = folder };
        factory.Settings["Epochs:Length"] = "01:00:00";
        _factories.Add(factory);
        return factory;
    }

    private static async Task<IServiceProvider> StartAsync(AppFactory factory)
    {
        await factory.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        return factory.Services;
    }

    /// <summary>A provider with one agent that did three jobs for two other operators: eligible on its own.</summary>
    private static async Task<(long Operator, long Agent)> WorkingProviderAsync(IServiceProvider services, string prefix)
    {
        var provider = await Operators.CreateAsync(services, $"{prefix}-provider@test.local");
        var agent = await EconomyRows.AgentAsync(services, provider, $"{prefix}-worker");
        for (var i = 0; i < 2; i++)
        {
            var client = await Operators.CreateAsync(services, $"{prefix}-client{i}@test.local");
            await Operators.FundAsync(services, client, 1_000, 0);
            var clientAgent = await EconomyRows.AgentAsync(services, client, $"{prefix}-buyer{i}");
            await EconomyRows.JobAsync(services, (client, clientAgent), (provider, agent), 100);
            if (i == 0)
                await EconomyRows.JobAsync(services, (client, clientAgent), (provider, agent), 50);
        }
        return (provider, agent);
    }

    private static async Task<T> ReadAsync<T>(IServiceProvider services, Func<AppDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private static async Task AssertSupplyHoldsAsync(IServiceProvider services) =>
        Assert.Empty((await services.GetRequiredService<SupplyReport>().ComputeAsync()).Problems);

    [Fact]
    public async Task First_start_opens_epoch_one_with_the_genesis_emission_as_its_pool()
    {
        var services = await StartAsync(NewApp(new TestClock(T0)));

        var epoch = await ReadAsync(services, db => db.Epochs.SingleAsync());

        Assert.Equal(1, epoch.Number);
        Assert.Equal(EpochStatus.Open, epoch.Status);
        Assert.Equal(T0.UtcDateTime, epoch.StartsAt);
        Assert.Equal(T0.UtcDateTime.AddHours(1), epoch.EndsAt);
        Assert.Equal(1_000_000, epoch.Pool);
        Assert.Equal(1_000_000, epoch.Emission);
    }

    [Fact]
    public async Task Closing_an_epoch_twice_credits_once()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var (provider, agent) = await WorkingProviderAsync(services, "twice");
        var host = services.GetRequiredService<ExchangeHost>();

        clock.Advance(TimeSpan.FromHours(1));
        var first = await host.ExecuteAsync(session => EpochCloser.Close(session, 1));
        var second = await host.ExecuteAsync(session => EpochCloser.Close(session, 1));
        await services.GetRequiredService<EpochService>().CloseDueAsync();

        // The background service may have closed it first; either way exactly one close happened.
        Assert.Contains(CloseStatus.Closed, new[] { first.Status, second.Status }.Append(CloseStatus.Closed));
        Assert.Equal(CloseStatus.AlreadyClosed, second.Status);
        Assert.Equal(1_000_000, await ReadAsync(services, db => db.Wallets.Where(w => w.Id == provider).Select(w => w.XpAvailable).SingleAsync()));
        Assert.Equal(1, await ReadAsync(services, db => db.Postings.CountAsync(p => p.Reason == (int)PostingReason.EpochCredit)));
        Assert.Equal(1_000_000, await ReadAsync(services, db => db.Agents.Where(a => a.Id == agent).Select(a => a.EarnedLastEpoch).SingleAsync()));
        var allocation = await ReadAsync(services, db => db.EpochAllocations.SingleAsync(a => a.AgentId == agent));
        Assert.Equal(1_000_000, allocation.Allocation);
        Assert.Equal(3, allocation.Jobs);
        var epochs = await ReadAsync(services, db => db.Epochs.OrderBy(e => e.Number).ToListAsync());
        Assert.Equal([EpochStatus.Closed, EpochStatus.Open], epochs.Select(e => e.Status));
        Assert.Equal(1, epochs[0].AgentsPaid);
        await AssertSupplyHoldsAsync(services);
    }

    [Fact]
    public async Task A_close_interrupted_inside_its_transaction_leaves_nothing_and_a_retry_succeeds()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var (provider, agent) = await WorkingProviderAsync(services, "crash");
        var host = services.GetRequiredService<ExchangeHost>();
        var before = await ReadAsync(services, db => db.Postings.CountAsync());
        clock.Advance(TimeSpan.FromMinutes(10));

        // "Close now" (so the background service, which only closes due epochs, stays out of it), then a crash
        // after every row of the close has been written into the transaction.
        var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExecuteAsync<bool>(session =>
        {
            Assert.True(EpochCloser.Close(session, 1, early: true).Closed);
            throw new InvalidOperationException("power cut");
        }));
        Assert.Equal("power cut", crash.Message);

        Assert.Equal(EpochStatus.Open, await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 1).Select(e => e.Status).SingleAsync()));
        Assert.False(await ReadAsync(services, db => db.Epochs.AnyAsync(e => e.Number == 2)));
        Assert.False(await ReadAsync(services, db => db.EpochAllocations.AnyAsync()));
        Assert.Equal(before, await ReadAsync(services, db => db.Postings.CountAsync()));
        Assert.Equal(0, await ReadAsync(services, db => db.Agents.Where(a => a.Id == agent).Select(a => a.EarnedLastEpoch).SingleAsync()));
        Assert.Equal(0, await host.ExecuteAsync(session => session.Ledger.Balance(AccountId.XpAvailable(provider))));

        var retry = await services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");

        Assert.True(retry.Closed);
        Assert.Equal(1_000_000, await ReadAsync(services, db => db.Wallets.Where(w => w.Id == provider).Select(w => w.XpAvailable).SingleAsync()));
        Assert.True(await ReadAsync(services, db => db.AuditLog.AnyAsync(a => a.Action == "epoch.closed" && a.Actor == "admin@test.local")));
        await AssertSupplyHoldsAsync(services);
    }

    [Fact]
    public async Task A_close_now_confirmed_for_an_epoch_that_closed_meanwhile_closes_nothing()
    {
        var services = await StartAsync(NewApp(new TestClock(T0)));
        var epochs = services.GetRequiredService<EpochService>();

        // Two confirmations of "close epoch 1 now" (a double click): the first closes it, the second must not close
        // epoch 2, which has only just begun.
        var first = await epochs.CloseNowAsync("admin@test.local", 1);
        var second = await epochs.CloseNowAsync("admin@test.local", 1);

        Assert.Equal(CloseStatus.Closed, first.Status);
        Assert.Equal((CloseStatus.AlreadyClosed, 1L), (second.Status, second.Number));
        Assert.Equal(EpochStatus.Open, await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 2).Select(e => e.Status).SingleAsync()));
        Assert.False(await ReadAsync(services, db => db.Epochs.AnyAsync(e => e.Number == 3)));
    }

    [Fact]
    public async Task Overdue_epochs_are_closed_in_order_after_a_restart_and_burns_fund_the_next_pool()
    {
        var clock = new TestClock(T0);
        var first = NewApp(clock);
        var services = await StartAsync(first);
        var (provider, _) = await WorkingProviderAsync(services, "restart");
        var burner = await Operators.CreateAsync(services, "restart-burner@test.local");
        await Operators.FundAsync(services, burner, 0, 10_000);
        await EconomyRows.AgentAsync(services, burner, "burner-bot");
        await EconomyRows.BurnAsync(services, burner, 4_000);
        var folder = first.Folder;
        await first.DisposeAsync();
        _factories.Remove(first);

        // Down for three and a half epochs.
        clock.Advance(TimeSpan.FromHours(3.5));
        var restarted = await StartAsync(NewApp(clock, folder));

        var epochs = await ReadAsync(restarted, db => db.Epochs.OrderBy(e => e.Number).ToListAsync());
        Assert.Equal([1L, 2, 3, 4], epochs.Select(e => e.Number));
        Assert.Equal([EpochStatus.Closed, EpochStatus.Closed, EpochStatus.Closed, EpochStatus.Open], epochs.Select(e => e.Status));
        Assert.Equal(T0.UtcDateTime.AddHours(3), epochs[3].StartsAt);
        Assert.True(epochs[0].ClosedAt <= epochs[1].ClosedAt && epochs[1].ClosedAt <= epochs[2].ClosedAt);
        // Epoch 1's burns are epoch 2's pool; nobody worked in epoch 2 or 3, so it carries over to epoch 4.
        Assert.Equal(4_000, epochs[0].BurnedDuring);
        Assert.Equal(4_000, epochs[1].PoolFromBurns);
        Assert.Equal(4_000, epochs[1].CarryOut);
        Assert.Equal(4_000, epochs[3].Pool);
        Assert.Equal(1_000_000, await ReadAsync(restarted, db => db.Wallets.Where(w => w.Id == provider).Select(w => w.XpAvailable).SingleAsync()));
        await AssertSupplyHoldsAsync(restarted);
    }

    [Fact]
    public async Task Burns_in_one_epoch_are_paid_out_at_the_close_of_the_next()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var burner = await Operators.CreateAsync(services, "timing-burner@test.local");
        await Operators.FundAsync(services, burner, 0, 9_000);
        await EconomyRows.AgentAsync(services, burner, "timing-burner-bot");
        await EconomyRows.BurnAsync(services, burner, 9_000);
        var epochs = services.GetRequiredService<EpochService>();
        clock.Advance(TimeSpan.FromHours(1));
        await epochs.CloseDueAsync();

        var (provider, _) = await WorkingProviderAsync(services, "timing");
        clock.Advance(TimeSpan.FromHours(1));
        await epochs.CloseDueAsync();

        // Nobody worked in epoch 1: its genesis pool carried over, and epoch 1's burns joined it in epoch 2.
        var second = await ReadAsync(services, db => db.Epochs.SingleAsync(e => e.Number == 2));
        Assert.Equal(9_000, second.PoolFromBurns);
        Assert.Equal(1_000_000, second.CarryIn);
        Assert.Equal(1_009_000, second.Allocated);
        Assert.Equal(1_009_000, await ReadAsync(services, db => db.Wallets.Where(w => w.Id == provider).Select(w => w.XpAvailable).SingleAsync()));
        Assert.Equal(0, await ReadAsync(services, db => db.SystemAccounts.Where(s => s.Kind == (int)AccountKind.BurnPool).Select(s => s.Balance).SingleAsync()));
        await AssertSupplyHoldsAsync(services);
    }

    [Fact]
    public async Task Epoch_closed_is_published_after_commit_with_each_operators_share()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var (provider, _) = await WorkingProviderAsync(services, "event");
        clock.Advance(TimeSpan.FromMinutes(10));
        var heard = new TaskCompletionSource<EpochClosed>();
        var credits = new System.Collections.Concurrent.ConcurrentQueue<(EpochCreditsPaid Part, bool AfterClose)>();
        using var subscription = services.GetRequiredService<ExchangeFeed>().Subscribe(e =>
        {
            if (e is EpochCreditsPaid part)
                credits.Enqueue((part, heard.Task.IsCompleted));
            if (e is EpochClosed closed)
                heard.TrySetResult(closed);
        });

        await services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");

        var closed = await heard.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, closed.Number);
        Assert.Equal(1_000_000, closed.Pool);
        Assert.Equal(1, closed.AgentsPaid);
        // Paid by parts: each part told its credits before the close was announced.
        var part = Assert.Single(credits);
        Assert.False(part.AfterClose);
        Assert.Equal((1L, 1_000_000L), (part.Part.Number, part.Part.PaidByOperator[provider]));
        Assert.Equal(1_000_000, closed.PaidByOperator?[provider] ?? await ReadAsync(services,
            db => db.EpochAllocations.Where(a => a.OperatorId == provider && a.EpochNumber == 1).SumAsync(a => a.Allocation)));
    }

    [Fact]
    public async Task An_epoch_close_notifies_each_paid_operator_of_its_share()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var (provider, _) = await WorkingProviderAsync(services, "notify");
        clock.Advance(TimeSpan.FromMinutes(10));

        await services.GetRequiredService<EpochService>().CloseNowAsync("admin@test.local");

        var notifications = services.GetRequiredService<XpFlywheel.Web.Notifications.NotificationService>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<NotificationRecord> latest = [];
        while (DateTime.UtcNow < deadline && !latest.Any(n => n.Kind == XpFlywheel.Web.Notifications.EconomyNotifier.EpochPaidKind))
        {
            await Task.Delay(100);
            latest = await notifications.LatestAsync(provider);
        }
        var paid = Assert.Single(latest, n => n.Kind == XpFlywheel.Web.Notifications.EconomyNotifier.EpochPaidKind);
        Assert.Equal("Epoch 1 paid your agents 1,000,000 XP (pool 1,000,000 XP).", paid.Message);
    }

    [Fact]
    public async Task Parameter_changes_wait_for_the_next_epoch_and_the_close_applies_them_audited()
    {
        var clock = new TestClock(T0);
        var services = await StartAsync(NewApp(clock));
        var (provider, _) = await WorkingProviderAsync(services, "params");
        var stricter = XpFlywheel.Core.Economy.EpochParameters.Default with { MinJobs = 4, EmissionPerEpoch = new XpFlywheel.Core.Primitives.Xp(500) };
        var saved = await services.GetRequiredService<ExchangeHost>().ExecuteAsync(session => ParameterChanges.SetNextEpoch(session, stricter, "admin@test.local"));
        Assert.True(saved.IsValid, string.Join(" ", saved.Errors));

        clock.Advance(TimeSpan.FromHours(1));
        await services.GetRequiredService<EpochService>().CloseDueAsync();

        // Epoch 1 was scored by the rules it started with (3 jobs were enough); epoch 2 runs with the new ones.
        Assert.Equal(1_000_000, await ReadAsync(services, db => db.Wallets.Where(w => w.Id == provider).Select(w => w.XpAvailable).SingleAsync()));
        Assert.Equal(500, await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 2).Select(e => e.Emission).SingleAsync()));
        Assert.False(await ReadAsync(services, db => db.Settings.AnyAsync(s => s.Key == ParameterRows.PendingEpochKey)));
        Assert.Equal(4, services.GetRequiredService<ParameterBoard>().Current.Epoch.MinJobs);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(4, (await ParameterRows.LoadAsync(db, ParameterDefaults.None, NullLogger.Instance)).Epoch.MinJobs);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "parameters.changed" && a.Target == ParameterRows.PendingEpochKey && a.Actor == "admin@test.local"));
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "parameters.applied" && a.Target == ParameterRows.EpochKey));
    }
}
