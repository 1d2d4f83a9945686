using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Projection;

namespace XpFlywheel.Web.Tests.Projection;

/// <summary>How readers wait for the result tables, and what they are told once the projection has stopped.</summary>
public sealed class ProjectionProgressTests
{
    [Fact]
    public async Task A_reader_waiting_on_a_stopped_projection_is_refused_with_the_reason_inside()
    {
        var progress = new ProjectionProgress(TimeProvider.System);
        progress.Reset(10);
        progress.Commit(12);
        var waiting = progress.WaitForAsync(12).AsTask();

        progress.Fault(new WriterFencedException(3));

        var refused = await Assert.ThrowsAsync<ExchangeStoppedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<WriterFencedException>(refused.InnerException);
        await Assert.ThrowsAsync<ExchangeStoppedException>(() => progress.WaitForAsync(11).AsTask());
        // What the tables already hold is read without waiting, stopped or not.
        await progress.WaitForAsync(10);
    }

    [Fact]
    public async Task Tables_read_again_from_a_new_start_no_longer_carry_an_earlier_projections_failure()
    {
        var progress = new ProjectionProgress(TimeProvider.System);
        progress.Reset(10);
        progress.Commit(12);
        progress.Fault(new WriterFencedException(3));

        // A node that lost the writer rebuilds its replica from the tables and follows from their checkpoint.
        progress.Restart(11);
        progress.Commit(13);
        var waiting = progress.WaitForAsync(13).AsTask();
        Assert.False(waiting.IsCompleted);
        progress.Advance(13);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Reset alone (a writer's batch written with its results) does not hide a failure.
        progress.Fault(new InvalidOperationException("write failed"));
        progress.Reset(14);
        await Assert.ThrowsAsync<ExchangeStoppedException>(() => progress.WaitForAsync(15).AsTask());
    }
}
