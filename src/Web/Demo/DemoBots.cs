using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// Runs the demo population: each round (every <see cref="DemoOptions.Tick"/>) a few bots act through the public
/// services — agents do jobs for each other, small operators sell part of their XP and lock some, market makers
/// quote both sides around a drifting fair price, large operators buy XP and burn when the calculator says it pays.
/// Stops cleanly with the app.
/// </summary>
public sealed class DemoBots(
    DemoSeeder seeder,
    DemoOptions options,
    TradingService trading,
    JobService jobs,
    BurnService burns,
    LockService locks,
    TierService tiers,
    ExchangeFeed feed,
    ILogger<DemoBots> logger) : BackgroundService
{
    private readonly Random _random = new(options.Seed + 1);
    private decimal _fair = 0.0200m;
    private int _round;

    /// <summary>Rounds completed; tests wait on it.</summary>
    public int Rounds => _round;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DemoCast cast;
        try
        {
            cast = await seeder.SeedOrLoadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (cast.Operators.Count == 0)
            return;

        using var timer = new PeriodicTimer(options.Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RoundAsync(cast, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A bot's bad move must not end the demo; the next round carries on.
                    logger.LogWarning(error, "A demo round failed");
                }
                Interlocked.Increment(ref _round);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RoundAsync(DemoCast cast, CancellationToken cancellationToken)
    {
        // Fair price: a bounded random walk, the market makers' anchor.
        _fair = Math.Clamp(Math.Round(_fair * (1 + (decimal)(_random.NextDouble() - 0.5) * 0.01m), 4), 0.0120m, 0.0350m);

        if (_round % 5 == 0)
        {
            foreach (var maker in cast.Of(DemoRole.MarketMaker))
                await QuoteAsync(maker, cancellationToken);
        }
        for (var i = 0; i < 3; i++)
            await JobAsync(cast, cancellationToken);
        if (_random.NextDouble() < 0.35)
            await SmallSellsAsync(Pick(cast.Of(DemoRole.Small)), cancellationToken);
        if (_random.NextDouble() < 0.25)
            await LargeBuysAsync(Pick(cast.Of(DemoRole.Large)), cancellationToken);
        if (_random.NextDouble() < 0.10)
            await LargeBurnsAsync(Pick(cast.Of(DemoRole.Large)), cancellationToken);
        if (_random.NextDouble() < 0.06)
            await LocksAsync(Pick(cast.Of(DemoRole.Small)), cancellationToken);
        if (_random.NextDouble() < 0.05 && cast.Of(DemoRole.Saboteur).FirstOrDefault() is { Agents.Count: > 0 } saboteur)
            await SabotageAsync(cast, saboteur, cancellationToken);
        if (_random.NextDouble() < 0.15 && cast.Of(DemoRole.Ring).Where(o => o.Agents.Count > 0).ToList() is { Count: > 1 } ring)
            await RingAsync(ring, cancellationToken);
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
        await jobs.RecordAsync(saboteur.OperatorId, saboteur.Agents[0].AgentId, Pick(victim.Agents).AgentId, 500m, succeeded: false, cancellationToken);
    }

    // Each ring member pays the next the same amount: the cash goes round, which the admin's Rings page flags.
    private async Task RingAsync(IReadOnlyList<DemoOperator> ring, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            var (from, to) = (ring[i], ring[(i + 1) % ring.Count]);
            await jobs.RecordAsync(from.OperatorId, from.Agents[0].AgentId, to.Agents[0].AgentId, 300m, succeeded: true, cancellationToken);
        }
    }

    private async Task QuoteAsync(DemoOperator maker, CancellationToken cancellationToken)
    {
        await trading.CancelAllAsync(maker.OperatorId, cancellationToken);
        for (var level = 1; level <= 6; level++)
        {
            var offset = 0.0001m * (level + _random.Next(0, 2));
            var size = _random.Next(2, 12) * 500;
            await trading.PlaceAsync(maker.OperatorId, new PlaceOrderRequest(Side.Buy, OrderType.Limit, _fair - offset, size), cancellationToken);
            await trading.PlaceAsync(maker.OperatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, _fair + offset, size), cancellationToken);
        }
    }

    private async Task JobAsync(DemoCast cast, CancellationToken cancellationToken)
    {
        var workers = cast.Operators.Where(o => o.Role is DemoRole.Small or DemoRole.Large && o.Agents.Count > 0).ToList();
        var provider = Pick(workers);
        // Fleets do enterprise work for other fleets; small agents work for anyone, for small amounts.
        var client = provider.Role == DemoRole.Large
            ? Pick(workers.Where(o => o.Role == DemoRole.Large && o.OperatorId != provider.OperatorId))
            : Pick(workers.Where(o => o.OperatorId != provider.OperatorId));
        var providerAgent = Pick(provider.Agents);
        var clientAgent = Pick(client.Agents);
        decimal amount = provider.Role == DemoRole.Large
            ? _random.Next(2_000, 25_000)
            : _random.Next(5, client.Role == DemoRole.Large ? 800 : 250) + _random.Next(0, 100) / 100m;
        var succeeded = _random.NextDouble() < providerAgent.Quality;
        var result = await jobs.RecordAsync(client.OperatorId, clientAgent.AgentId, providerAgent.AgentId, amount, succeeded, cancellationToken);
        if (!result.Succeeded && result.Code == EconomyErrors.InsufficientCash)
            await trading.DepositAsync(client.OperatorId, Core.Primitives.Cash.FromDollars(client.Role == DemoRole.Large ? 500_000m : 1_000m), 0, cancellationToken, Core.Commands.Actor.System("demo"));
    }

    private async Task SmallSellsAsync(DemoOperator small, CancellationToken cancellationToken)
    {
        var available = await locks.AvailableXpAsync(small.OperatorId, cancellationToken);
        if (available < 200)
            return;
        var quantity = Math.Max(100, available * _random.Next(5, 25) / 100);
        var best = feed.Book.BestBid?.Dollars;
        var request = best is { } bid && _random.NextDouble() < 0.5
            ? new PlaceOrderRequest(Side.Sell, OrderType.Market, null, quantity, TimeInForce.Ioc)
            : new PlaceOrderRequest(Side.Sell, OrderType.Limit, _fair + 0.0001m * _random.Next(0, 4), quantity);
        await trading.PlaceAsync(small.OperatorId, request, cancellationToken);
    }

    private async Task LargeBuysAsync(DemoOperator large, CancellationToken cancellationToken)
    {
        var quantity = _random.Next(5, 40) * 500;
        await trading.PlaceAsync(large.OperatorId, new PlaceOrderRequest(Side.Buy, OrderType.Market, null, quantity, TimeInForce.Ioc), cancellationToken);
    }

    private async Task LargeBurnsAsync(DemoOperator large, CancellationToken cancellationToken)
    {
        var plan = await tiers.PlanAsync(large.OperatorId, cancellationToken: cancellationToken);
        if (plan.Recommended is not { } tier || tier.XpNeeded.Units <= 0)
            return;
        var available = await locks.AvailableXpAsync(large.OperatorId, cancellationToken);
        if (available >= tier.XpNeeded.Units)
            await burns.BurnAsync(large.OperatorId, tier.XpNeeded.Units, cancellationToken);
        else
            await trading.PlaceAsync(large.OperatorId, new PlaceOrderRequest(Side.Buy, OrderType.Market, null, Math.Min(200_000, tier.XpNeeded.Units - available), TimeInForce.Ioc), cancellationToken);
    }

    private async Task LocksAsync(DemoOperator small, CancellationToken cancellationToken)
    {
        var available = await locks.AvailableXpAsync(small.OperatorId, cancellationToken);
        if (available >= 100 && small.Agents.Count > 0)
            await locks.LockAsync(small.OperatorId, Pick(small.Agents).AgentId, available * _random.Next(10, 40) / 100, cancellationToken);
    }

    private T Pick<T>(IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        return list[_random.Next(list.Count)];
    }
}
