using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// Seeds the demo population on an empty database through the app's own services: sign-ups, agent registrations
/// (with ages from days to over a year), cash deposits and a genesis XP grant. Finds the same cast again after a
/// restart instead of seeding twice.
/// </summary>
public sealed class DemoSeeder(
    IServiceProvider services,
    IDbContextFactory<AppDbContext> dbFactory,
    ExchangeHost exchange,
    TradingService trading,
    AgentService agents,
    DemoOptions options,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string Domain = "@demo.xpflywheel.local";
    public const string Password = "Demo123!";

    public async Task<DemoCast> SeedOrLoadAsync(CancellationToken cancellationToken)
    {
        await exchange.WriterReady.WaitAsync(cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var empty = !await db.Agents.AnyAsync(cancellationToken);
            var seeded = await db.Users.AnyAsync(u => u.Email!.EndsWith(Domain), cancellationToken);
            if (!empty && !seeded)
            {
                logger.LogInformation("Demo mode is on but the database already holds real data: no demo population is seeded");
                return new DemoCast([]);
            }
            if (seeded)
                return await LoadAsync(db, cancellationToken);
        }

        var random = new Random(options.Seed);
        logger.LogInformation("Seeding the demo population");
        var cast = new List<DemoOperator>();
        var login = await OperatorAsync(options.OperatorEmail, options.OperatorPassword, cancellationToken);
        cast.Add(await PopulateAsync(login, DemoRole.Small, "demo", random.Next(2, 4), random, 5_000m, 25_000, cancellationToken) with { Human = true });
        for (var i = 0; i < options.SmallOperators; i++)
        {
            var id = await OperatorAsync(DemoNames.Small(i) + Domain, Password, cancellationToken);
            cast.Add(await PopulateAsync(id, DemoRole.Small, DemoNames.Small(i), random.Next(1, 4), random, 2_000m, random.Next(5, 40) * 1_000, cancellationToken));
        }
        for (var i = 0; i < options.LargeOperators; i++)
        {
            var id = await OperatorAsync($"fleet-{DemoNames.Fleet(i).ToLowerInvariant()}{Domain}", Password, cancellationToken);
            cast.Add(await PopulateAsync(id, DemoRole.Large, DemoNames.Fleet(i), random.Next(6, 13), random, 2_000_000m, 0, cancellationToken));
        }
        for (var i = 0; i < options.MarketMakers; i++)
        {
            var id = await OperatorAsync($"maker-{i + 1}{Domain}", Password, cancellationToken);
            cast.Add(await PopulateAsync(id, DemoRole.MarketMaker, $"Maker{i + 1}", 1, random, 250_000m, options.MakerInventory, cancellationToken));
        }
        // One saboteur who records failures against others' agents, and three operators who pay each other in a circle.
        var saboteur = await OperatorAsync($"saboteur-grim{Domain}", Password, cancellationToken);
        cast.Add(await PopulateAsync(saboteur, DemoRole.Saboteur, "Grim", 1, random, 20_000m, 0, cancellationToken));
        for (var i = 0; i < 3; i++)
        {
            var id = await OperatorAsync($"ring-{i + 1}{Domain}", Password, cancellationToken);
            cast.Add(await PopulateAsync(id, DemoRole.Ring, $"Circle{i + 1}", 1, random, 5_000m, 0, cancellationToken));
        }
        logger.LogInformation("Demo population seeded: {Operators} operators, {Agents} agents", cast.Count, cast.Sum(o => o.Agents.Count));
        return new DemoCast(cast);
    }

    private async Task<long> OperatorAsync(string email, string password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var (created, result) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, password, cancellationToken);
            user = created ?? throw new InvalidOperationException($"Demo operator {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        return await scope.ServiceProvider.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Demo operator {email} has no wallet.");
    }

    private async Task<DemoOperator> PopulateAsync(long operatorId, DemoRole role, string prefix, int agentCount, Random random,
        decimal cash, long xp, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var list = new List<DemoAgent>();
        for (var i = 0; i < agentCount; i++)
        {
            // Ages from a few days to well over a year, so the age part of trust varies across the board.
            var age = TimeSpan.FromDays(role == DemoRole.Large ? random.Next(60, 700) : random.Next(2, 500));
            var result = await agents.RegisterAsync(operatorId, role == DemoRole.Large ? $"{prefix}-{DemoNames.Agent(random, i)}" : DemoNames.Agent(random, i), $"Demo agent of {prefix}", now - age, cancellationToken);
            if (result.Value is { } agent)
                list.Add(new DemoAgent(agent.Id, operatorId, DemoTraits.Quality(agent.Id)));
        }
        await trading.DepositAsync(operatorId, Cash.FromDollars(cash), 0, cancellationToken, Core.Commands.Actor.System("demo"));
        if (xp > 0)
            await trading.GrantXpAsync(operatorId, xp, Core.Commands.Actor.System("demo"), cancellationToken);
        return new DemoOperator(operatorId, role, list);
    }

    private static async Task<DemoCast> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var demoWallets = db.Wallets.AsNoTracking()
            .Where(w => w.User!.Email!.EndsWith(Domain) || w.User!.Email == "demo@xpflywheel.local");
        var rows = await demoWallets.Select(w => new { w.Id, w.User!.Email }).ToListAsync(cancellationToken);
        // A subquery, not a list of the ids just read: the statement stays the same size however large the cast.
        var agentRows = await db.Agents.AsNoTracking()
            .Where(a => demoWallets.Select(w => w.Id).Contains(a.OperatorId) && a.RetiredAt == null)
            .Select(a => new { a.Id, a.OperatorId }).ToListAsync(cancellationToken);
        var cast = rows.Select(r => new DemoOperator(r.Id, DemoTraits.RoleOf(r.Email!),
            agentRows.Where(a => a.OperatorId == r.Id).Select(a => new DemoAgent(a.Id, r.Id, DemoTraits.Quality(a.Id))).ToList())
        {
            Human = !r.Email!.EndsWith(Domain, StringComparison.Ordinal),
        }).ToList();
        return new DemoCast(cast);
    }
}
