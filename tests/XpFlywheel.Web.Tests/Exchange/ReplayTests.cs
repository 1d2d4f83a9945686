using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>
/// The journal is a complete record: random command sequences applied live, then replayed from the journal alone on a
/// fresh database holding the same users (Identity is outside the journal; wallets are not), give the same state — ledger, book, counters, parameters and every row the
/// commands wrote — as exchange-core proves with its state hash.
/// </summary>
public class ReplayTests
{
    private const int Operators = 4;

    [Fact]
    public Task Replaying_the_journal_on_a_fresh_database_rebuilds_identical_state() =>
        Gen.Int[0, int.MaxValue].SampleAsync(RoundTripAsync, iter: 3, threads: 1);

    private static async Task RoundTripAsync(int seed)
    {
        await using var live = new AppFactory();
        // The app's own periodic jobs stay quiet (they run at start only): an OTC expiry the background expirer
        // journaled between reading the journal and reading the state made the two disagree. The steps below
        // expire OTC offers by command themselves.
        live.Settings["Otc:ExpiryCheckSeconds"] = "86400";
        live.Settings["Economy:UnlockCheckSeconds"] = "86400";
        var ids = await SignUpAsync(live.Services);
        await RunRandomCommandsAsync(live.Services, ids, new Random(seed), steps: 160);
        var journal = await JournalAsync(live.Services);
        Assert.NotEmpty(journal);
        var expected = await StateAsync(live.Services);

        await using var rebuilt = new WriterOnlyFactory { WithoutAdmin = true };
        var host = rebuilt.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        await CopyUsersAsync(live.Services, rebuilt.Services);
        await host.ReplayAsync(journal);

        Assert.Equal(journal.Count, (await JournalAsync(rebuilt.Services)).Count);
        var actual = await StateAsync(rebuilt.Services);
        foreach (var (part, value) in expected)
            Assert.True(value == actual[part], $"seed {seed}: {part} differs after replay.\nlive:    {value}\nreplayed: {actual[part]}");
    }

    [Fact]
    public async Task A_replay_that_skips_a_sequence_is_refused()
    {
        await using var app = new WriterOnlyFactory();
        var host = app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var before = host.JournalSequence;
        var gap = new HaltMarket { By = Actor.System("tests"), Sequence = before + 5, At = DateTime.UtcNow };
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.ReplayAsync([gap]));
        Assert.Equal(before, host.JournalSequence);
    }

    [Fact]
    public async Task A_command_written_with_its_rows_records_in_its_journal_row_where_the_ledgers_postings_stood_after_it()
    {
        await using var app = new WriterOnlyFactory();
        var host = app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var id = await Integration.Operators.CreateAsync(app.Services, "posting-mark@test.local");
        var trading = app.Services.GetRequiredService<TradingService>();
        var before = await host.ReadAsync(session => session.Ledger.NextPostingSequence);

        await trading.DepositAsync(id, Core.Primitives.Cash.FromDollars(40));
        var afterDeposit = await host.ReadAsync(session => session.Ledger.NextPostingSequence);
        await trading.PlaceAsync(id, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0150m, 100));
        await trading.GrantXpAsync(id, 500, Actor.System("tests"));
        var afterGrant = await host.ReadAsync(session => session.Ledger.NextPostingSequence);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var rows = await db.Journal.AsNoTracking().OrderBy(j => j.Sequence).ToListAsync();
        Assert.Equal(afterDeposit, Assert.Single(rows, r => r.Type == "cash.deposit").NextPostingSequence);
        Assert.Null(Assert.Single(rows, r => r.Type == "order.submit").NextPostingSequence);
        Assert.Equal(afterGrant, rows.Last(r => r.Type == "xp.grant").NextPostingSequence);
        // The deposit's postings are exactly those numbered from where the ledger stood before it up to its mark.
        var deposit = await db.Postings.AsNoTracking().Where(p => p.Sequence >= before && p.Sequence < afterDeposit).ToListAsync();
        Assert.NotEmpty(deposit);
        Assert.All(deposit, p => Assert.Equal((int)Core.Ledger.PostingReason.Deposit, p.Reason));
    }

    [Fact]
    public async Task Opening_a_wallet_is_journaled_and_replay_rebuilds_it()
    {
        await using var live = new WriterOnlyFactory();
        var id = await Integration.Operators.CreateAsync(live.Services, "wallet-replay@test.local");
        var journal = await JournalAsync(live.Services);
        var expected = await WalletsAsync(live.Services);
        var wallet = Assert.Single(expected, w => w.Id == id);
        Assert.Single(journal.OfType<OpenWallet>(), c => c.UserId == wallet.UserId && c.By == OperatorRegistration.SignUp);

        await using var rebuilt = new WriterOnlyFactory { WithoutAdmin = true };
        var host = rebuilt.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        await CopyUsersAsync(live.Services, rebuilt.Services);
        Assert.Empty(await WalletsAsync(rebuilt.Services));
        await host.ReplayAsync(journal);

        Assert.Equal(expected, await WalletsAsync(rebuilt.Services));
    }

    [Fact]
    public async Task A_user_without_a_wallet_gets_one_journaled_when_the_exchange_starts()
    {
        await using var app = new WriterOnlyFactory();
        var host = app.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        using var scope = app.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(AppFactory.AdminEmail);
        Assert.Contains(await WalletsAsync(app.Services), w => w.UserId == admin!.Id);
        Assert.Contains(await JournalAsync(app.Services), c => c is OpenWallet open && open.UserId == admin!.Id);
    }

    private static async Task<List<(long Id, string UserId)>> WalletsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var rows = await db.Wallets.AsNoTracking().OrderBy(w => w.Id).Select(w => new { w.Id, w.UserId }).ToListAsync();
        return [.. rows.Select(w => (w.Id, w.UserId))];
    }

    // The users of the live database, same ids and roles, in the rebuilt one: sign-up creates them outside the journal.
    private static async Task CopyUsersAsync(IServiceProvider from, IServiceProvider to)
    {
        await using var source = await from.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var users = await source.Users.AsNoTracking().ToListAsync();
        var roles = await source.UserRoles.AsNoTracking().ToListAsync();
        await using var target = await to.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var roleIds = await target.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id);
        var roleNames = await source.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!);
        target.Users.AddRange(users);
        target.UserRoles.AddRange(roles.Select(r => new IdentityUserRole<string> { UserId = r.UserId, RoleId = roleIds[roleNames[r.RoleId]] }));
        await target.SaveChangesAsync();
    }

    private static async Task<long[]> SignUpAsync(IServiceProvider services)
    {
        var ids = new long[Operators];
        for (var i = 0; i < Operators; i++)
            ids[i] = await Integration.Operators.CreateAsync(services, $"replay-{i}@test.local");
        return ids;
    }

    private static async Task RunRandomCommandsAsync(IServiceProvider services, long[] ids, Random random, int steps)
    {
        var trading = services.GetRequiredService<TradingService>();
        var agents = services.GetRequiredService<AgentService>();
        var jobs = services.GetRequiredService<JobService>();
        var burns = services.GetRequiredService<BurnService>();
        var locks = services.GetRequiredService<LockService>();
        var epochs = services.GetRequiredService<EpochService>();
        var host = services.GetRequiredService<ExchangeHost>();
        var otc = services.GetRequiredService<OtcService>();
        await host.Ready;
        foreach (var id in ids)
            await Integration.Operators.FundAsync(services, id, 2_000, 100_000);
        var agentIds = new List<(long Operator, long Agent)>();
        for (var i = 0; i < steps; i++)
        {
            var op = ids[random.Next(ids.Length)];
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var price = 0.0190m + random.Next(0, 21) * 0.0001m;
            var quantity = random.Next(1, 400);
            switch (random.Next(100))
            {
                case < 30:
                    await trading.PlaceAsync(op, new PlaceOrderRequest(side, OrderType.Limit, price, quantity,
                        (TimeInForce)random.Next(3), ClientOrderId: random.Next(4) == 0 ? $"c{random.Next(10)}" : null));
                    break;
                case < 36:
                    await trading.PlaceAsync(op, new PlaceOrderRequest(side, OrderType.Market, null, quantity, TimeInForce.Ioc));
                    break;
                case < 44:
                    await trading.CancelAsync(op, random.Next(1, 40));
                    break;
                case < 50:
                    await trading.AmendAsync(op, random.Next(1, 40), random.Next(1, 300), random.Next(2) == 0 ? price : null);
                    break;
                case < 58:
                    var agent = await agents.RegisterAsync(op, $"Agent {random.Next(6)}", "replayed");
                    if (agent.Value is { } view)
                        agentIds.Add((op, view.Id));
                    break;
                case < 72 when agentIds.Count >= 2:
                    var client = agentIds[random.Next(agentIds.Count)];
                    var provider = agentIds[random.Next(agentIds.Count)];
                    await jobs.RecordAsync(client.Operator, client.Agent, provider.Agent, random.Next(1, 5_000) / 100m, random.Next(4) > 0);
                    break;
                case < 76:
                    await burns.BurnAsync(op, random.Next(1, 2_000));
                    break;
                case < 82 when agentIds.Count > 0:
                    var owned = agentIds[random.Next(agentIds.Count)];
                    await locks.LockAsync(owned.Operator, owned.Agent, random.Next(1, 3_000));
                    break;
                case < 86:
                    await locks.RequestUnlockAsync(op, random.Next(1, 12), random.Next(2) == 0 ? null : random.Next(1, 1_000));
                    break;
                case < 88:
                    await locks.CancelUnlockAsync(op, random.Next(1, 12));
                    break;
                case < 90 when agentIds.Count > 0:
                    var retiring = agentIds[random.Next(agentIds.Count)];
                    await agents.RetireAsync(retiring.Operator, retiring.Agent);
                    break;
                case < 92:
                    await trading.CancelAllAsync(op);
                    break;
                case < 94:
                    await epochs.CloseNowAsync("admin@test.local");
                    break;
                case < 95:
                    var desk = Core.Otc.OtcParameters.Default with { TakerFeeBps = random.Next(0, 50), BandBps = random.Next(500, 6_000) };
                    await host.SubmitAsync<Validated<ParameterSet>>(new SetOtcParameters(desk) { By = Actor.Admin("admin@test.local") });
                    break;
                case < 96:
                    var parameters = MarketParameters.Default with { TakerFeeBps = random.Next(0, 50), BandBps = random.Next(500, 3_000) };
                    await host.SubmitAsync<Validated<ParameterSet>>(new SetMarketParameters(parameters) { By = Actor.Admin("admin@test.local") });
                    break;
                case < 97:
                    await trading.HaltAsync(Actor.Admin("admin@test.local"));
                    break;
                case < 98:
                    await trading.ResumeAsync(Actor.Admin("admin@test.local"));
                    break;
                default:
                    await trading.DepositAsync(op, Core.Primitives.Cash.FromDollars(random.Next(1, 500)));
                    break;
            }
            // The OTC desk on every fourth step: offers, takes, cancels, requests, quotes, acceptances and expiry.
            if (random.Next(4) == 0)
                await OtcStepAsync(host, otc, ids, random, op, side, (long)(price * 10_000), quantity);
        }
    }

    private static async Task OtcStepAsync(ExchangeHost host, OtcService otc, long[] ids, Random random, long op, Side side, long ticks, int quantity)
    {
        var other = ids[random.Next(ids.Length)];
        var now = DateTime.UtcNow;
        switch (random.Next(8))
        {
            case 0:
                await otc.PostOfferAsync(op, side, ticks, quantity, random.Next(1, quantity + 1), now.AddSeconds(random.Next(0, 3)),
                    random.Next(3) == 0 ? other : null);
                break;
            case 1:
                await otc.TakeOfferAsync(op, random.Next(1, 20), random.Next(1, 400));
                break;
            case 2:
                await otc.CancelOfferAsync(op, random.Next(1, 20));
                break;
            case 3:
                await otc.RequestQuotesAsync(op, side, quantity);
                break;
            case 4:
                await otc.QuoteAsync(op, random.Next(1, 20), ticks);
                break;
            case 5:
                await otc.AcceptQuoteAsync(op, random.Next(1, 20));
                break;
            case 6:
                await otc.CancelRequestAsync(op, random.Next(1, 20));
                break;
            default:
                await host.SubmitAsync<int>(new ExpireOtc([.. Enumerable.Range(1, 20).Select(i => (long)i)], [.. Enumerable.Range(1, 20).Select(i => (long)i)]) { By = Actor.System("otc") });
                break;
        }
    }

    private static async Task<List<ExchangeCommand>> JournalAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var rows = await db.Journal.AsNoTracking().OrderBy(j => j.Sequence).Select(j => j.Command).ToListAsync();
        return [.. rows.Select(CommandJson.Deserialize)];
    }

    // Everything the commands decide, each part as text so a difference names itself.
    private static async Task<Dictionary<string, string>> StateAsync(IServiceProvider services)
    {
        var host = services.GetRequiredService<ExchangeHost>();
        var state = new Dictionary<string, string>
        {
            ["memory"] = await host.ExecuteAsync(session =>
            {
                var orders = new List<OrderView>();
                session.Engine.CopyOrders(orders);
                Assert.Null(session.Engine.CheckInvariants());
                return Json(new
                {
                    Balances = session.Ledger.Balances().Select(b => $"{b.Key}={b.Value}").ToList(),
                    session.Ledger.NextPostingSequence,
                    Engine = session.Engine.State,
                    Orders = orders,
                    Parameters = session.Parameters with { Version = 0 },
                });
            }),
        };
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        state["wallets"] = Json(await db.Wallets.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.CashAvailable, w.CashHeld, w.XpAvailable, w.XpHeld, w.XpLocked, w.XpUnlocking }).ToListAsync());
        state["system accounts"] = Json(await db.SystemAccounts.AsNoTracking().OrderBy(a => a.Asset).ThenBy(a => a.Kind).ToListAsync());
        state["orders"] = Json(await db.Orders.AsNoTracking().OrderBy(o => o.Id).ToListAsync());
        state["trades"] = Json(await db.Trades.AsNoTracking().OrderBy(t => t.Id).ToListAsync());
        state["postings"] = Json(await db.Postings.AsNoTracking().OrderBy(p => p.Sequence).ToListAsync());
        state["agents"] = Json(await db.Agents.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        state["jobs"] = Json(await db.Jobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync());
        state["burns"] = Json(await db.Burns.AsNoTracking().OrderBy(b => b.Id).ToListAsync());
        state["locks"] = Json(await db.Locks.AsNoTracking().OrderBy(l => l.Id).ToListAsync());
        state["epochs"] = Json(await db.Epochs.AsNoTracking().OrderBy(e => e.Number).ToListAsync());
        state["allocations"] = Json(await db.EpochAllocations.AsNoTracking().OrderBy(a => a.EpochNumber).ThenBy(a => a.AgentId).ToListAsync());
        state["otc offers"] = Json(await db.OtcOffers.AsNoTracking().OrderBy(o => o.Id).ToListAsync());
        state["otc requests"] = Json(await db.OtcRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        state["otc quotes"] = Json(await db.OtcQuotes.AsNoTracking().OrderBy(q => q.Id).ToListAsync());
        state["otc trades"] = Json(await db.OtcTrades.AsNoTracking().OrderBy(t => t.Id).ToListAsync());
        state["settings"] = Json(await db.Settings.AsNoTracking().OrderBy(s => s.Key).ToListAsync());
        state["audit"] = Json(await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.At, a.Actor, a.Action, a.Target, a.Before, a.After }).ToListAsync());
        state["journal"] = Json(await db.Journal.AsNoTracking().OrderBy(j => j.Sequence).ToListAsync());
        return state;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    // The real app with the writer alone: no epoch, trust or unlock timers adding commands of their own.
    private sealed class WriterOnlyFactory : AppFactory
    {
        /// <summary>No first admin: a database to replay another's journal into holds only the users copied to it.</summary>
        public bool WithoutAdmin { get; init; }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (WithoutAdmin)
                builder.UseSetting("Admin:Email", "");
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IHostedService>();
                services.AddHostedService(provider => provider.GetRequiredService<ExchangeHost>());
            });
        }
    }
}
