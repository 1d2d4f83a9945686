using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Economy;

/// <summary>A periodic job (epoch closes, unlock releases, trust refresh, OTC expiry) outlives any failed run.</summary>
public sealed class PeriodicExchangeJobTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>
    /// A run cancelled by something other than the app stopping (a Redis or database call cancelled when its connection
    /// broke) is a failed run: the job runs again at its next tick. Before, the cancellation ended the job for good,
    /// silently, since a background service that ends by cancellation reports nothing.
    /// </summary>
    [Fact]
    public async Task A_run_cancelled_by_anything_but_the_app_stopping_is_retried_at_the_next_tick()
    {
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        using var job = new FlakyJob(host);

        await job.StartAsync(CancellationToken.None);
        var ranAgain = await Task.WhenAny(job.SecondRun.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        await job.StopAsync(CancellationToken.None);

        Assert.Same(job.SecondRun.Task, ranAgain);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully || job.ExecuteTask.IsCanceled, job.ExecuteTask.Status.ToString());
    }

    private sealed class FlakyJob(ExchangeHost host) : PeriodicExchangeJob(host, NullLogger.Instance)
    {
        private int _runs;

        public TaskCompletionSource SecondRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override TimeSpan Period => TimeSpan.FromMilliseconds(20);

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _runs) == 1)
                throw new TaskCanceledException("A command cancelled when its connection broke.");
            SecondRun.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
