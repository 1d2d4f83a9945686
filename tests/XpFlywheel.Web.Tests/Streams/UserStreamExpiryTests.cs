using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Streams;

// The expiry timer runs on the app's clock: here one the test moves, so a key days away from expiring can be followed.
public sealed class UserStreamExpiryTests : IDisposable
{
    private readonly FakeClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_key_expiring_days_ahead_keeps_its_connection_open_until_its_expiry_on_the_app_clock_then_closes_it()
    {
        var trader = await ApiClient.CreateAsync(_factory, "days-ahead@test.local", xp: 5);
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        var expiresAt = _factory.Clock.GetUtcNow().AddDays(3);
        var created = await keys.CreateAsync(trader.OperatorId, "three-day", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly, expiresAt.UtcDateTime));
        await using var stream = await UserStreamRecorder.StartAsync(_factory, created.Key!.Secret, transport: HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        // Past the timer's longest single wait (a day), twice, and up to a second before the expiry: still open.
        foreach (var step in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1) })
        {
            _factory.Clock.Advance(step);
            await Task.Delay(300);
            Assert.False(closed.Task.IsCompleted, $"closed with {expiresAt - _factory.Clock.GetUtcNow()} left");
            Assert.Equal(HubConnectionState.Connected, stream.Connection.State);
        }

        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        // The server forgets the connection (and its timer) once it has closed.
        var access = _factory.Services.GetRequiredService<UserStreamAccess>();
        for (var i = 0; i < 100 && access.Count > 0; i++)
            await Task.Delay(50);
        Assert.Equal(0, access.Count);
        await using var again = UserStreamRecorder.Build(_factory, created.Key.Secret, HttpTransportType.WebSockets);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>The real app on a clock the test moves, timers included.</summary>
    private sealed class FakeClockFactory : AppFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);


        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                // The dead-man switch's check is a 500 ms periodic timer on the app clock: each day the test moves the
                // clock would run it 172,800 times, one after another (about 40 s of CPU). No switch is armed here.
                services.Remove(services.Single(service => service.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                    && service.ImplementationType == typeof(Web.Exchange.CancelAfterExpiry)));
            });
        }
    }
}
