using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>
/// A writer whose batch fails for a reason other than the fence (its database session cut while the process was
/// paused) checks the fence before reading state back: when another process took the writer meanwhile, the tables hold
/// that process's state under sequences this one never had, so it stops writing at once and answers writer_moved.
/// </summary>
public sealed class FencedReloadTests
{
    [Fact]
    public async Task A_writer_whose_batch_failed_after_a_takeover_stops_instead_of_reloading_the_new_writers_state()
    {
        var cut = new CutAtCommit();
        await using var factory = new AppFactory { TestServices = AppFactory.Intercepting(cut) };
        var trader = await ApiClient.CreateAsync(factory, $"fenced-{Guid.NewGuid():N}@test.local", dollars: 100);
        var host = factory.Services.GetRequiredService<ExchangeHost>();
        await factory.Services.GetRequiredService<Web.Projection.ProjectionProgress>().CaughtUpAsync();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var sequenceBefore = host.JournalSequence;
        Assert.Equal(WriterState.Running, host.Status.State);

        // The next batch's commit fails as a cut session does, and another process takes the writer as it rolls back.
        cut.Arm(sequenceBefore, () => WriterFence.AdvanceAsync(dbFactory));
        var response = await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 10 });

        Assert.True(cut.Fired);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("writer_moved", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // writer_moved, answered by the failed batch itself: its reload found the takeover. Before, it read the other
        // writer's tables back as its own and answered the connection error, and only a later batch met the fence.
    }

    // Once armed, the commit of the writer's batch that journals an order placement fails as a cut session does;
    // when that transaction has rolled back, the takeover runs (on a connection of its own, so it waits for no lock).
    private sealed class CutAtCommit : DbTransactionInterceptor
    {
        private Func<Task>? _takeover;
        private long _after;
        private DbTransaction? _failed;

        public bool Fired => _failed is not null;

        public void Arm(long afterSequence, Func<Task> takeover) => (_after, _takeover) = (afterSequence, takeover);

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (_takeover is not null && _failed is null && await JournalsAPlacementAsync(transaction, cancellationToken))
            {
                _failed = transaction;
                throw new InvalidOperationException("Exception while reading from stream (terminating connection due to administrator command)");
            }
            return await base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }

        public override async Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (ReferenceEquals(transaction, _failed) && Interlocked.Exchange(ref _takeover, null) is { } takeover)
                await takeover();
            await base.TransactionRolledBackAsync(transaction, eventData, cancellationToken);
        }

        private async Task<bool> JournalsAPlacementAsync(DbTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""SELECT COUNT(*) FROM "Journal" WHERE "Sequence" > {_after} AND LOWER("Type") LIKE '%order%'""";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
        }
    }
}
