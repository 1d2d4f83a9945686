using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Parameters;

// Each test owns its app: parameters are global state.
public sealed class ParameterWriterTests : IAsyncDisposable
{
    private static readonly MarketParameters Stricter = new(MakerFeeBps: 5, TakerFeeBps: 100, BandBps: 500);

    private readonly List<AppFactory> _factories = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in _factories)
            await factory.DisposeAsync();
    }

    private async Task<IServiceProvider> StartAsync(string? folder = null)
    {
        var factory = folder is null ? new AppFactory() : new AppFactory { Folder = folder };
        _factories.Add(factory);
        await factory.Services.GetRequiredService<ExchangeHost>().Ready;
        return factory.Services;
    }

    private static async Task<T> ReadAsync<T>(IServiceProvider services, Func<AppDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task MarketParameterChangeAndItsAuditEntryCommitTogether()
    {
        var services = await StartAsync();
        var host = services.GetRequiredService<ExchangeHost>();
        var board = services.GetRequiredService<ParameterBoard>();
        var published = new List<ParameterSet>();
        using var subscription = services.GetRequiredService<ExchangeFeed>().Subscribe(e =>
        {
            if (e is ParametersChanged changed)
                lock (published)
                    published.Add(changed.Parameters);
        });

        // A unit of work that fails after the change: the row, the audit entry and the engine's parameters all roll back.
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExecuteAsync<bool>(session =>
        {
            Assert.True(ParameterChanges.SetMarket(session, Stricter, "crasher@test.local").IsValid);
            Assert.Equal(Stricter, session.Engine.Parameters);
            throw new InvalidOperationException("power cut");
        }));

        Assert.Equal(MarketParameters.Default, board.Current.Market);
        Assert.Equal(MarketParameters.Default, await host.ExecuteAsync(session => session.Engine.Parameters));
        Assert.False(await ReadAsync(services, db => db.Settings.AnyAsync(s => s.Key == ParameterRows.MarketKey)));
        Assert.False(await ReadAsync(services, db => db.AuditLog.AnyAsync(a => a.Actor == "crasher@test.local")));

        // The same change committed: engine, row, audit entry and the published set, together.
        var changed = await host.ExecuteAsync(session => ParameterChanges.SetMarket(session, Stricter, "admin@test.local"));

        Assert.True(changed.IsValid, string.Join(" ", changed.Errors));
        Assert.Equal(Stricter, board.Current.Market);
        Assert.Equal(Stricter, await host.ExecuteAsync(session => session.Engine.Parameters));
        var audit = await ReadAsync(services, db => db.AuditLog.SingleAsync(a => a.Target == ParameterRows.MarketKey && a.Actor == "admin@test.local"));
        Assert.Equal("parameters.changed", audit.Action);
        // The first change of a kind has no row yet: "before" is the default that applied until now.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(MarketParameters.Default, System.Text.Json.JsonSerializerOptions.Web), audit.Before);
        Assert.Contains("\"takerFeeBps\":100", audit.After);
        Assert.Equal(audit.After, await ReadAsync(services, db => db.Settings.Where(s => s.Key == ParameterRows.MarketKey).Select(s => s.Json).SingleAsync()));
        lock (published)
            Assert.Contains(published, set => set.Market == Stricter && set.Version == board.Current.Version);
    }

    [Fact]
    public async Task InvalidMarketParametersAreRefusedAndChangeNothing()
    {
        var services = await StartAsync();
        var host = services.GetRequiredService<ExchangeHost>();
        var before = services.GetRequiredService<ParameterBoard>().Current;

        var refused = await host.ExecuteAsync(session => ParameterChanges.SetMarket(session, Stricter with { BandBps = 0 }, "admin@test.local"));

        Assert.False(refused.IsValid);
        Assert.Contains("The band must be from 1 to 10,000 bps.", refused.Errors);
        Assert.Same(before, services.GetRequiredService<ParameterBoard>().Current);
        Assert.Equal(MarketParameters.Default, await host.ExecuteAsync(session => session.Engine.Parameters));
        Assert.False(await ReadAsync(services, db => db.AuditLog.AnyAsync(a => a.Target == ParameterRows.MarketKey)));
    }

    [Fact]
    public async Task StoredParametersAreInForceAfterARestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        var first = await StartAsync(folder);
        var firstHost = first.GetRequiredService<ExchangeHost>();
        await firstHost.ExecuteAsync(session => ParameterChanges.SetMarket(session, Stricter, "admin@test.local"));
        await firstHost.ExecuteAsync(session => ParameterChanges.SetLock(session, new Core.Economy.LockPolicy(TimeSpan.FromDays(2)), "admin@test.local"));
        await _factories[0].DisposeAsync();
        _factories.Clear();

        var second = await StartAsync(folder);

        var current = second.GetRequiredService<ParameterBoard>().Current;
        Assert.Equal(Stricter, current.Market);
        Assert.Equal(TimeSpan.FromDays(2), current.Lock.WaitingPeriod);
        Assert.True(current.Version > 0);
        Assert.Equal(Stricter, await second.GetRequiredService<ExchangeHost>().ExecuteAsync(session => session.Engine.Parameters));
    }
}
