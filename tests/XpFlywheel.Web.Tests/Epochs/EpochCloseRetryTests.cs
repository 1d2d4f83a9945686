using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

public sealed class EpochCloseRetryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2027, 6, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly TestClock _clock = new(T0);
    private readonly LogCapture _logs = new();
    private readonly ClockedAppFactory _app;
    private readonly WebApplicationFactory<Program> _factory;

    public EpochCloseRetryTests()
    {
        _app = new ClockedAppFactory(_clock);
        _app.Settings["Epochs:Length"] = "01:00:00";
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(_logs)));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _app.Dispose();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1_000, 300)]
    public void Close_retries_wait_one_second_doubling_up_to_five_minutes(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), EpochService.RetryDelay(failedAttempts));

    [Fact]
    public async Task A_failing_close_backs_off_is_logged_once_and_shown_to_admins_while_trading_goes_on()
    {
        var services = _factory.Services;
        var epochs = services.GetRequiredService<EpochService>();
        await epochs.Started.WaitAsync(TimeSpan.FromSeconds(30));
        var seller = await Operators.CreateAsync(services, "retry-seller@test.local");
        var buyer = await Operators.CreateAsync(services, "retry-buyer@test.local");
        await Operators.FundAsync(services, seller, 0, 1_000);
        await Operators.FundAsync(services, buyer, 100, 0);
        // A pool that is not burns + carry-in + emission is a broken invariant: the close throws and rolls back.
        await SetPoolAsync(services, 1_000_001);

        _clock.Advance(TimeSpan.FromHours(1));
        var first = await EventuallyAsync(() => epochs.CloseFailure, f => f is not null);
        Assert.Equal(1, first!.Attempts);
        Assert.Equal(first.FailedAt + TimeSpan.FromSeconds(1), first.NextRetryAt);
        Assert.Contains("is not burns + carry-in + emission", first.Error);

        // The service ticks every half second, but the app's clock has not reached the next attempt.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, epochs.CloseFailure!.Attempts);
        var trading = services.GetRequiredService<TradingService>();
        Assert.True((await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0200m, 300))).Succeeded);
        Assert.True((await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0200m, 100))).Succeeded);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await EventuallyAsync(() => epochs.CloseFailure, f => f?.Attempts == 2);
        Assert.Equal(TimeSpan.FromSeconds(2), second!.NextRetryAt - second.FailedAt);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(2, epochs.CloseFailure!.Attempts);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = await EventuallyAsync(() => epochs.CloseFailure, f => f?.Attempts == 3);
        Assert.Equal(TimeSpan.FromSeconds(4), third!.NextRetryAt - third.FailedAt);

        Assert.Single(_logs.Entries, e => e.Category == typeof(EpochService).FullName && e.Level >= LogLevel.Error);
        var admin = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await FormLogin.LoginAsync(admin, AppFactory.AdminEmail, AppFactory.AdminPassword);
        var overview = await admin.GetStringAsync("/admin");
        Assert.Contains("data-testid=\"epoch-close-failed\"", overview);
        Assert.Contains("3 failed attempts in a row", overview);

        await SetPoolAsync(services, 1_000_000);
        _clock.Advance(TimeSpan.FromSeconds(4));
        await EventuallyAsync(() => epochs.CloseFailure, f => f is null);
        Assert.Equal(EpochStatus.Closed, await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 1).Select(e => e.Status).SingleAsync()));
        Assert.DoesNotContain("epoch-close-failed", await admin.GetStringAsync("/admin"));
    }

    private static async Task SetPoolAsync(IServiceProvider services, long pool) =>
        await ReadAsync(services, db => db.Epochs.Where(e => e.Number == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.Pool, pool)));

    private static async Task<T> ReadAsync<T>(IServiceProvider services, Func<AppDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = read();
        }
        Assert.True(done(value), $"Still {value} after 15 s.");
        return value;
    }
}
