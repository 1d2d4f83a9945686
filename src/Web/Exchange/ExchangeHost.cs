using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The single writer. Work arrives on a channel; the loop drains what is waiting into a batch, applies it to the
/// ledger and the book, writes the whole batch in one transaction, and only then answers callers and publishes
/// events (group commit). If anything in a batch fails, the transaction rolls back, every caller in it gets the
/// error, and the in-memory state is rebuilt from the database, so memory never runs ahead of disk. Parameters are
/// part of that state: loaded with it, changed only here (<see cref="ParameterChanges"/>) and published on
/// <paramref name="parameters"/> after the commit.
/// </summary>
public sealed class ExchangeHost(
    IDbContextFactory<AppDbContext> dbFactory,
    ExchangeFeed feed,
    ParameterBoard parameters,
    ParameterDefaults parameterDefaults,
    TimeProvider clock,
    ILogger<ExchangeHost> logger) : BackgroundService
{
    public const int MaxBatch = 512;

    private readonly Channel<ExchangeRequest> _requests = Channel.CreateUnbounded<ExchangeRequest>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExchangeState? _state;
    private long _bookSequence;

    /// <summary>Batches committed since start (each one transaction): commands ÷ batches is the group-commit factor.</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batches);

    private long _batches;

    /// <summary>Completes once the book and balances are rebuilt from the database.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Runs <paramref name="work"/> on the writer and returns its result once it is durable.</summary>
    public Task<T> ExecuteAsync<T>(Func<ExchangeSession, T> work, CancellationToken cancellationToken = default)
    {
        var request = new ExchangeRequest<T>(work);
        if (!_requests.Writer.TryWrite(request))
            throw new InvalidOperationException("The exchange is shutting down.");
        return request.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _state = await ExchangeLoader.LoadAsync(dbFactory, parameterDefaults, parameters.Current.Version, logger, stoppingToken);
            PublishParameters();
            PublishBook();
            _ready.TrySetResult();
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }

        var batch = new List<ExchangeRequest>(MaxBatch);
        try
        {
            while (await _requests.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _requests.Reader.TryRead(out var request))
                    batch.Add(request);
                await RunBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _requests.Writer.TryComplete();
            while (_requests.Reader.TryRead(out var pending))
                pending.Fail(new OperationCanceledException("The exchange stopped before this request ran."));
        }
    }

    private async Task RunBatchAsync(List<ExchangeRequest> batch, CancellationToken stoppingToken)
    {
        var state = _state!;
        var events = new List<ExchangeEvent>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        await db.Database.OpenConnectionAsync(stoppingToken);
        var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
        var journal = new ExchangeJournal(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        var session = new ExchangeSession(state, journal, () => db, now, events);
        var wasHalted = state.Engine.IsHalted;
        try
        {
            foreach (var request in batch)
            {
                request.Run(session);
                LedgerWriter.Collect(session);
                if (db.ChangeTracker.HasChanges())
                    await db.SaveChangesAsync(stoppingToken);
            }
            LedgerWriter.Write(session);
            MarketStateWriter.Write(journal, state);
            await transaction.CommitAsync(stoppingToken);
        }
        catch (Exception error)
        {
            logger.LogError(error, "An exchange batch of {Count} requests failed; rolling back and reloading state", batch.Count);
            await transaction.RollbackAsync(CancellationToken.None);
            foreach (var request in batch)
                request.Fail(error);
            _state = await ExchangeLoader.LoadAsync(dbFactory, parameterDefaults, parameters.Current.Version, logger, CancellationToken.None);
            PublishParameters();
            PublishBook();
            return;
        }
        finally
        {
            journal.Dispose();
            await transaction.DisposeAsync();
        }

        Interlocked.Increment(ref _batches);
        // Publish first, so a caller that awaited its result already sees the book and data it produced.
        Publish(session, events, wasHalted);
        foreach (var request in batch)
            request.Complete();
    }

    private void Publish(ExchangeSession session, List<ExchangeEvent> events, bool wasHalted)
    {
        var at = new DateTimeOffset(session.Now);
        // Parameters first: a subscriber handling any later event of this batch already reads the new set.
        if (session.ParametersChanged)
            PublishParameters();
        if (session.Fills.Count > 0)
            feed.Publish(new TradesExecuted(session.Fills.ToArray(), at));
        if (session.BookTouched || wasHalted != session.Engine.IsHalted)
            PublishBook();
        if (wasHalted != session.Engine.IsHalted)
            feed.Publish(new MarketStateChanged(session.Engine.IsHalted));
        if (session.OperatorsWithOrderChanges.Count > 0)
            feed.Publish(new OrdersChanged(session.OperatorsWithOrderChanges.ToArray()));
        if (session.TouchedOperators.Count > 0)
            feed.Publish(new BalancesChanged(session.TouchedOperators.ToArray()));
        foreach (var exchangeEvent in events)
            feed.Publish(exchangeEvent);
    }

    private void PublishParameters()
    {
        var current = _state!.Parameters;
        parameters.Publish(current);
        feed.Publish(new ParametersChanged(current));
    }

    private void PublishBook()
    {
        var engine = _state!.Engine;
        Span<DepthLevel> levels = stackalloc DepthLevel[BookSnapshot.Depth];
        var bids = levels[..engine.Depth(Side.Buy, levels)].ToArray();
        var asks = levels[..engine.Depth(Side.Sell, levels)].ToArray();
        var snapshot = new BookSnapshot(++_bookSequence, bids, asks, engine.LastTradePrice, engine.ReferencePrice, engine.IsHalted, clock.GetUtcNow());
        feed.Publish(new BookChanged(snapshot));
    }
}
