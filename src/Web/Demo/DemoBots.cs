using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// Runs the demo population, every <see cref="DemoOptions.Tick"/> one <see cref="RoundAsync"/>, each move a command
/// on the exchange through the public services: agents do jobs for each other; small operators sell part of the XP
/// epochs paid them (never below the cost of earning it) and lock some; fleets buy and burn when the calculator says
/// it pays (<see cref="DemoFleets"/>); last, the market makers quote both sides again (<see cref="DemoMarketMakers"/>),
/// so the book a visitor sees between rounds is always two-sided. Stops cleanly with the app.
/// </summary>
public sealed class DemoBots : BackgroundService
{
    private readonly DemoSeeder _seeder;
    private readonly DemoOptions _options;
    private readonly TradingService _trading;
    private readonly JobService _jobs;
    private readonly LockService _locks;
    private readonly FairValueService _fairValue;
    private readonly ParameterBoard _parameters;
    private readonly ExchangeFeed _feed;
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly ILogger<DemoBots> _logger;
    private readonly DemoMarketMakers _makers;
    private readonly DemoFleets _fleets;
    private readonly DemoOtc _otc;
    private readonly Random _random;
    private readonly TaskCompletionSource<DemoCast> _cast = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _round;

    public DemoBots(DemoSeeder seeder, DemoOptions options, TradingService trading, JobService jobs, BurnService burns, LockService locks,
        TierService tiers, FairValueService fairValue, ParameterBoard parameters, ExchangeFeed feed, IDbContextFactory<AppDbContext> dbFactory,
        ILogger<DemoBots> logger, Otc.OtcService otc, TimeProvider clock)
    {
        (_seeder, _options, _trading, _jobs, _locks, _fairValue, _parameters, _feed, _dbFactory, _logger) =
            (seeder, options, trading, jobs, locks, fairValue, parameters, feed, dbFactory, logger);
        _makers = new DemoMarketMakers(options, trading, fairValue, parameters, feed, dbFactory);
        _fleets = new DemoFleets(options, trading, burns, tiers, parameters, feed, dbFactory);
        _random = new Random(options.Seed + 1);
        _otc = new DemoOtc(otc, feed, clock, new Random(options.Seed + 2));
    }

    /// <summary>Rounds completed; tests wait on it.</summary>
    public int Rounds => Volatile.Read(ref _round);

    /// <summary>The population the bots play, once seeded or found again; an empty cast when the database holds real data.</summary>
    public Task<DemoCast> Cast => _cast.Task;

    /// <summary>The market makers' mid after the last round, USD per XP.</summary>
    public decimal? MakersMid => _makers.Mid;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DemoCast cast;
        try
        {
            cast = await _seeder.SeedOrLoadAsync(stoppingToken);
            _cast.TrySetResult(cast);
        }
        catch (OperationCanceledException)
        {
            _cast.TrySetCanceled(stoppingToken);
            return;
        }
        catch (Exception error)
        {
            _cast.TrySetException(error);
            throw;
        }
        if (cast.Operators.Count == 0)
            return;

        using var timer = new PeriodicTimer(_options.Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RoundAsync(cast, stoppingToken);
                }
                catch (Data.WriterFencedException)
                {
                    // Another node took the writer: this one applies nothing more, and its demo ends with it.
                    _logger.LogWarning("This process lost the writer to another node: its demo bots stop");
                    return;
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A bot's bad move must not end the demo; the next round carries on.
                    _logger.LogWarning(error, "A demo round failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One round of every bot's moves, in the order that leaves the book two-sided at its end.</summary>
    public async Task RoundAsync(DemoCast cast, CancellationToken cancellationToken)
    {
        try
        {
            await JobsAsync(cast, cancellationToken);
            // Never on the account people sign in to: its orders and locks are theirs alone.
            if (_random.NextDouble() < 0.35 && cast.Of(DemoRole.Small).Any(o => !o.Human))
                await SmallSellsAsync(Pick(cast.Of(DemoRole.Small).Where(o => !o.Human)), cancellationToken);
            if (_random.NextDouble() < 0.04 && cast.Of(DemoRole.Small).Any(o => !o.Human))
                await LocksAsync(Pick(cast.Of(DemoRole.Small).Where(o => !o.Human)), cancellationToken);
            foreach (var fleet in cast.Of(DemoRole.Large))
            {
                if (_random.NextDouble() < 0.5)
                    await _fleets.ActAsync(fleet, cancellationToken);
            }
            if (_random.NextDouble() < 0.05 && cast.Of(DemoRole.Saboteur).FirstOrDefault() is { Agents.Count: > 0 } saboteur)
                await SabotageAsync(cast, saboteur, cancellationToken);
            if (_random.NextDouble() < 0.15 && cast.Of(DemoRole.Ring).Where(o => o.Agents.Count > 0).ToList() is { Count: > 1 } ring)
                await RingAsync(ring, cancellationToken);
            await _makers.QuoteAsync([.. cast.Of(DemoRole.MarketMaker)], cancellationToken);
            await _otc.ActAsync(cast, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _round);
        }
    }

    // A failure against a fleet agent or the demo login's own (the lowest demo id), so its Dispute button shows. It
    // holds the saboteur's cash until the window passes; out of cash, the saboteur waits for its refunds.
    private async Task SabotageAsync(DemoCast cast, DemoOperator saboteur, CancellationToken cancellationToken)
    {
        var login = cast.Of(DemoRole.Small).OrderBy(o => o.OperatorId).FirstOrDefault();
        var fleets = cast.Of(DemoRole.Large).Where(o => o.Agents.Count > 0).ToList();
        var victim = login is { Agents.Count: > 0 } && (fleets.Count == 0 || _random.NextDouble() < 0.5) ? login : fleets.Count > 0 ? Pick(fleets) : null;
        if (victim is null)
            return;
        await _jobs.RecordAsync(saboteur.OperatorId, saboteur.Agents[0].AgentId, Pick(victim.Agents).AgentId, 500m, succeeded: false, cancellationToken);
    }

    // Each ring member pays the next the same amount: the cash goes round, which the admin's Rings page flags.
    private async Task RingAsync(IReadOnlyList<DemoOperator> ring, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            var (from, to) = (ring[i], ring[(i + 1) % ring.Count]);
            await _jobs.RecordAsync(from.OperatorId, from.Agents[0].AgentId, to.Agents[0].AgentId, 300m, succeeded: true, cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="DemoOptions.JobsPerRound"/> jobs between agents of different operators, submitted together so the
    /// writer settles them in one batch; a client short of cash deposits and is back next round.
    /// </summary>
    private async Task JobsAsync(DemoCast cast, CancellationToken cancellationToken)
    {
        var workers = cast.Operators.Where(o => o.Role is DemoRole.Small or DemoRole.Large && o.Agents.Count > 0).ToList();
        var planned = new List<(DemoOperator Client, Task<EconomyResult<JobReceipt>> Result)>();
        for (var i = 0; i < _options.JobsPerRound && workers.Count > 1; i++)
        {
            var provider = Pick(workers);
            // Fleets do enterprise work for other fleets; small agents work for anyone, for small amounts.
            // The account people sign in to is hired but never pays for work it did not ask for.
            var clients = provider.Role == DemoRole.Large
                ? workers.Where(o => o.Role == DemoRole.Large && o.OperatorId != provider.OperatorId).ToList()
                : workers.Where(o => o.OperatorId != provider.OperatorId && !o.Human).ToList();
            if (clients.Count == 0)
                continue;
            var client = Pick(clients);
            var providerAgent = Pick(provider.Agents);
            var clientAgent = Pick(client.Agents);
            decimal amount = provider.Role == DemoRole.Large
                ? _random.Next(2_000, 25_000)
                : _random.Next(5, client.Role == DemoRole.Large ? 800 : 250) + _random.Next(0, 100) / 100m;
            var succeeded = _random.NextDouble() < providerAgent.Quality;
            planned.Add((client, _jobs.RecordAsync(client.OperatorId, clientAgent.AgentId, providerAgent.AgentId, amount, succeeded, cancellationToken)));
        }
        var results = await Task.WhenAll(planned.Select(p => p.Result));
        var shortOfCash = planned.Where((_, i) => results[i].Code == EconomyErrors.InsufficientCash).Select(p => p.Client).Distinct();
        foreach (var client in shortOfCash)
            await _trading.DepositAsync(client.OperatorId, Core.Primitives.Cash.FromDollars(client.Role == DemoRole.Large ? 500_000m : 1_000m), 0, cancellationToken, Core.Commands.Actor.System("demo"));
    }

    /// <summary>
    /// A small operator replaces its resting ask: half the time it sells into the bids, never below the earning cost
    /// (a limit at the floor, immediate or cancel), otherwise it rests an ask a few ticks above the best ask.
    /// </summary>
    private async Task SmallSellsAsync(DemoOperator small, CancellationToken cancellationToken)
    {
        await _trading.CancelAllAsync(small.OperatorId, cancellationToken);
        var wallet = await DemoWallet.ReadAsync(_dbFactory, small.OperatorId, cancellationToken);
        if (wallet.Xp < 200)
            return;
        var quantity = Math.Max(100, wallet.Xp * _random.Next(10, 30) / 100);
        var book = _feed.Book;
        var (low, high) = DemoQuoting.Band(book, _parameters.Current.Market);
        var floor = DemoQuoting.FloorTicks(await _fairValue.RationalRangeAsync(cancellationToken));
        if (book.BestBid is { } bid && bid.Ticks >= floor && _random.NextDouble() < 0.5)
        {
            var limit = Math.Max(floor, low);
            await _trading.PlaceAsync(small.OperatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, DemoQuoting.Dollars(limit), quantity, TimeInForce.Ioc), cancellationToken);
            return;
        }
        var anchor = book.BestAsk?.Ticks ?? book.LastPrice?.Ticks ?? (long)(_options.FairPrice * Core.Primitives.Price.TicksPerDollar);
        var ask = Math.Min(Math.Max(anchor + _random.Next(0, 4), Math.Max(floor, low)), high);
        await _trading.PlaceAsync(small.OperatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, DemoQuoting.Dollars(ask), quantity), cancellationToken);
    }

    private async Task LocksAsync(DemoOperator small, CancellationToken cancellationToken)
    {
        var available = await _locks.AvailableXpAsync(small.OperatorId, cancellationToken);
        if (available >= 100 && small.Agents.Count > 0)
            await _locks.LockAsync(small.OperatorId, Pick(small.Agents).AgentId, available * _random.Next(10, 30) / 100, cancellationToken);
    }

    private T Pick<T>(IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        return list[_random.Next(list.Count)];
    }
}
