using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Projection;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;
using XpFlywheel.Web.Tests.Operations;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// Nodes on one PostgreSQL database: the lease holder leads, the others follow its journal, serve reads, hand
/// commands to it, and take over when its lease ends.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FollowerTests(PostgresServer server)
{
    [Fact]
    public async Task A_second_node_follows_the_leader_and_serves_the_same_book_and_balances()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var seller = await ApiClient.CreateAsync(leader, "f-seller@test.local", dollars: 10, xp: 50_000);
        var buyer = await ApiClient.CreateAsync(leader, "f-buyer@test.local", dollars: 500);
        await PlaceAsync(seller.Http, new { side = "sell", type = "limit", price = 0.0200m, quantity = 30_000 });

        await using var follower = new AppFactory { PostgresConnectionString = database };
        var followerHttp = follower.CreateClient();
        await WriterHealth.WaitUntilHealthyAsync(followerHttp);
        var followerHost = follower.Services.GetRequiredService<ExchangeHost>();
        Assert.True(followerHost.Following);
        Assert.Equal(WriterState.Following, followerHost.Status.State);
        Assert.False(leader.Services.GetRequiredService<ExchangeHost>().Following);

        // A buy sent to the follower is applied by the leader; the caller gets the leader's outcome, and what it reads
        // next on the follower already includes it.
        var buyerOnFollower = WithKey(follower.CreateClient(), buyer.Key);
        var placed = await PlaceAsync(buyerOnFollower, new { side = "buy", type = "limit", price = 0.0200m, quantity = 10_000, clientOrderId = "via-follower" });
        Assert.Equal("filled", placed.GetProperty("order").GetProperty("status").GetString());
        var wallet = (await buyerOnFollower.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
        Assert.Equal(10_000, wallet.XpAvailable);
        var trades = (await buyerOnFollower.GetFromJsonAsync<PageOf<MyTradeDto>>("/api/v1/trades/mine"))!;
        Assert.Equal(10_000, Assert.Single(trades.Items).Quantity);

        // Both nodes show one book, at one sequence.
        var leaderBook = (await leader.CreateClient().GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book"))!;
        var followerBook = await EventuallyAsync(async () => (await followerHttp.GetFromJsonAsync<BookSnapshotMessage>("/api/v1/market/book"))!,
            book => book.Sequence == leaderBook.Sequence);
        Assert.Equal(leaderBook.Asks, followerBook.Asks);
        Assert.Equal(leaderBook.Bids, followerBook.Bids);
        Assert.Equal(20_000, Assert.Single(followerBook.Asks).Quantity);

        // Both nodes heard the trade; only the leader stores the fill notifications, so nobody is told twice.
        await using (var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync())
        {
            await EventuallyAsync(() => db.Notifications.CountAsync(n => n.Kind == XpFlywheel.Web.Notifications.FillNotifier.Kind), count => count >= 2);
            await Task.Delay(500);
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.OperatorId == buyer.OperatorId && n.Kind == XpFlywheel.Web.Notifications.FillNotifier.Kind));
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.OperatorId == seller.OperatorId && n.Kind == XpFlywheel.Web.Notifications.FillNotifier.Kind));
        }

        // A deposit (not a trading command) reaches the follower's replica too.
        await Operators.FundAsync(leader.Services, buyer.OperatorId, 5, 0);
        var after = await EventuallyAsync(async () => (await buyerOnFollower.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!,
            w => w.CashAvailable == wallet.CashAvailable + 5);
        Assert.Equal(wallet.CashAvailable + 5, after.CashAvailable);
        var leaderHost = leader.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(followerHost.JournalSequence), sequence => sequence == leaderHost.JournalSequence);
        Assert.Equal(leaderHost.JournalSequence, followerHost.JournalSequence);
        Assert.Equal(0, followerHost.ReplicaLag);
    }

    /// <summary>A follower's user stream carries the escrow a forwarded OTC offer holds, as the leader's does.</summary>
    [Fact]
    public async Task A_followers_user_stream_wallet_carries_otc_escrow_as_the_leaders_does()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        await leader.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new XpFlywheel.Core.Primitives.Price(200)));
        var maker = await ApiClient.CreateAsync(leader, "f-escrow@test.local", dollars: 50, xp: 1_000);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        await using var stream = await XpFlywheel.Web.Tests.Streams.UserStreamRecorder.StartAsync(follower, maker.Key);
        await stream.WaitForAsync(m => m.Count > 0, "the follower's snapshot");

        var http = WithKey(follower.CreateClient(), maker.Key);
        var posted = await http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.02m, quantity = 400, expiresAt = DateTime.UtcNow.AddHours(1) });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        await stream.WaitForAsync(m => m.OfType<XpFlywheel.Web.Streams.UserBalanceMessage>().Any(b => b.Wallet.XpHeldByOtc == 400), "the offer's hold on the follower");
        var wallet = stream.Messages.OfType<XpFlywheel.Web.Streams.UserBalanceMessage>().Last(b => b.Wallet.XpHeldByOtc == 400).Wallet;
        Assert.Equal(600, wallet.XpAvailable);
        Assert.Equal(400, (await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!.XpHeldByOtc);
    }

    [Fact]
    public async Task A_follower_forwards_a_refused_command_and_the_caller_gets_the_leaders_refusal()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var poor = await ApiClient.CreateAsync(leader, "f-poor@test.local", dollars: 1);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());

        var http = WithKey(follower.CreateClient(), poor.Key);
        var response = await http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 100_000 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("insufficient_cash", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var wallet = (await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
        Assert.Equal(1m, wallet.CashAvailable);
        Assert.Equal(0m, wallet.CashHeld);
    }

    [Fact]
    public async Task When_the_leaders_lease_ends_a_follower_takes_the_writer_within_five_seconds_and_keeps_every_acknowledged_order()
    {
        var database = await server.CreateDatabaseAsync();
        var leader = new AppFactory { PostgresConnectionString = database };
        // Cut off, as a paused process or a network partition leaves it: it does not take its lease back.
        leader.Settings["Cluster:LeaseRenewInterval"] = "01:00:00";
        await using var follower = new AppFactory { PostgresConnectionString = database };
        try
        {
            var trader = await ApiClient.CreateAsync(leader, "f-trader@test.local", dollars: 1_000);
            await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
            var onFollower = WithKey(follower.CreateClient(), trader.Key);
            var acknowledged = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                acknowledged.Add((await PlaceAsync(trader.Http, new { side = "buy", type = "limit", price = 0.0100m + i * 0.0001m, quantity = 1_000 })).GetProperty("order").GetProperty("id").GetInt64());
                acknowledged.Add((await PlaceAsync(onFollower, new { side = "buy", type = "limit", price = 0.0090m + i * 0.0001m, quantity = 1_000 })).GetProperty("order").GetProperty("id").GetInt64());
            }

            // The leader's lease ends (its process died, or was cut off): the follower takes the writer.
            var stopwatch = Stopwatch.StartNew();
            await TerminateLeaseSessionAsync(database);
            var host = follower.Services.GetRequiredService<ExchangeHost>();
            await EventuallyAsync(() => Task.FromResult(host.Status.State), state => state == WriterState.Running, TimeSpan.FromSeconds(10));
            var takeover = stopwatch.Elapsed;
            Assert.False(host.Following);
            Assert.True(takeover < TimeSpan.FromSeconds(5), $"The follower took {takeover.TotalMilliseconds:0} ms to take the writer.");

            var next = await PlaceAsync(onFollower, new { side = "buy", type = "limit", price = 0.0050m, quantity = 1_000 });
            acknowledged.Add(next.GetProperty("order").GetProperty("id").GetInt64());
            // The old leader writes nothing more (its fencing token is stale).
            var stale = await trader.Http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0051m, quantity = 1_000 });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
            // ...and then follows the new leader.
            var oldHost = leader.Services.GetRequiredService<ExchangeHost>();
            await EventuallyAsync(() => Task.FromResult(oldHost.Status.State), state => state == WriterState.Following, TimeSpan.FromSeconds(15));
            Assert.True(oldHost.Following);

            await using var db = await follower.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var orders = await db.Orders.AsNoTracking().Where(o => o.OperatorId == trader.OperatorId).Select(o => o.Id).ToListAsync();
            Assert.Equal(acknowledged.Order(), orders.Order());
            var wallet = (await onFollower.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
            Assert.Equal(1_000m, wallet.CashAvailable + wallet.CashHeld);
            Assert.Equal(HttpStatusCode.OK, (await follower.CreateClient().GetAsync("/health")).StatusCode);
        }
        finally
        {
            await leader.DisposeAsync();
        }
    }

    /// <summary>
    /// A leader that lost the writer refuses what it had claimed as "writer moved, nothing applied"; once a later leader
    /// has claimed a row again (and will apply it), that refusal is not stored, so the follower's caller gets the new
    /// leader's outcome and never a 503 for a command that was applied. A row still held by the stale token, or one
    /// already answered, is unaffected by the other.
    /// </summary>
    /// <summary>
    /// A repeat answered through a follower is marked as one, as on the leader (README: every repeat carries
    /// <c>Idempotent-Replayed: true</c>, a first answer never does): the leader tells the follower that it answered from
    /// the key, and nothing is applied again.
    /// </summary>
    [Fact]
    public async Task A_repeat_sent_through_a_follower_is_marked_as_replayed()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "f-replayed@test.local", xp: 1_000);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var http = WithKey(follower.CreateClient(), trader.Key);
        var placed = await http.PostAsJsonAsync("/api/v1/orders", new { side = "sell", type = "limit", price = 0.0200m, quantity = 100 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("id").GetInt64();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string key)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add(ApiIdempotency.Header, key);
            return await http.SendAsync(request);
        }
        static string? Replayed(HttpResponseMessage response) =>
            response.Headers.TryGetValues(ApiIdempotency.ReplayedHeader, out var values) ? values.Single() : null;

        foreach (var (method, path, body, key) in new (HttpMethod, string, object?, string)[]
        {
            (HttpMethod.Post, "/api/v1/agents", new { name = "Relayed" }, "f-agent"),
            (HttpMethod.Patch, $"/api/v1/orders/{orderId}", new { quantity = 60 }, "f-amend"),
            (HttpMethod.Delete, $"/api/v1/orders/{orderId}", null, "f-cancel"),
        })
        {
            var first = await SendAsync(method, path, body, key);
            var repeat = await SendAsync(method, path, body, key);
            Assert.True(first.IsSuccessStatusCode, $"{method} {path}: {first.StatusCode}");
            Assert.Equal((first.StatusCode, (string?)null), (first.StatusCode, Replayed(first)));
            Assert.Equal((first.StatusCode, (string?)"true"), (repeat.StatusCode, Replayed(repeat)));
            Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        }
        var agents = await http.GetFromJsonAsync<JsonElement>("/api/v1/agents");
        Assert.Equal(1, agents.EnumerateArray().Count(a => a.GetProperty("name").GetString() == "Relayed"));
    }

    [Fact]
    public async Task A_stale_leaders_refusal_never_answers_a_command_a_later_leader_claimed()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(leader.CreateClient());
        var at = DateTime.UtcNow;
        long reclaimed, stillOurs, answered;
        await using (var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync())
        {
            // Parked as withdrawn while set up, so the running leader's relay leaves them alone.
            var rows = new[]
            {
                new Data.Entities.InboxCommand { Command = "{}", CreatedAt = at, ClaimedBy = 1_000_001, Withdrawn = true },
                new Data.Entities.InboxCommand { Command = "{}", CreatedAt = at, ClaimedBy = 1_000_000, Withdrawn = true },
                new Data.Entities.InboxCommand { Command = "{}", CreatedAt = at, ClaimedBy = 1_000_000, Withdrawn = true, AnsweredAt = at, Outcome = "{\"first\":true}" },
            };
            db.CommandInbox.AddRange(rows);
            await db.SaveChangesAsync();
            (reclaimed, stillOurs, answered) = (rows[0].Id, rows[1].Id, rows[2].Id);
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        InboxAnswer Refusal(long id) => new(id, 1_000_000, null, ForwardedAnswer.WriterMoved, "this process writes nothing more");
        var stored = await InboxRelay.StoreAnswersAsync(connection, null, [Refusal(reclaimed), Refusal(stillOurs), Refusal(answered)], 7, at, CancellationToken.None);

        Assert.Equal(1, stored);
        await using var check = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
        var after = await check.CommandInbox.AsNoTracking().Where(c => c.Id == reclaimed || c.Id == stillOurs || c.Id == answered).ToDictionaryAsync(c => c.Id);
        Assert.Null(after[reclaimed].AnsweredAt);
        Assert.Null(after[reclaimed].ErrorCode);
        Assert.Equal(ForwardedAnswer.WriterMoved, after[stillOurs].ErrorCode);
        Assert.Null(after[answered].ErrorCode);
        Assert.Equal("{\"first\":true}", after[answered].Outcome);
    }

    [Fact]
    public async Task A_forwarded_command_a_leader_took_but_never_answered_is_applied_once_by_the_next()
    {
        var database = await server.CreateDatabaseAsync();
        // A leader before this one, so an earlier fencing token exists for the row to have been claimed with.
        await using (var earlier = new AppFactory { PostgresConnectionString = database })
            await WriterHealth.WaitUntilHealthyAsync(earlier.CreateClient());
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "f-once@test.local", dollars: 100);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var deposit = new DepositCash(trader.OperatorId, 7_000_000, 4242) { By = Actor.System("tests") };
        var earlierToken = leader.Services.GetRequiredService<ExchangeHost>().FencingToken - 1;
        Assert.True(earlierToken > 0);

        var answer = await follower.Services.GetRequiredService<CommandForwarder>().ForwardAsync(deposit, CancellationToken.None);
        Assert.Null(answer.ErrorCode);

        // As if the earlier leader had claimed and applied it and died before storing the answer: this leader claims
        // it again and answers from its key, once.
        await using (var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.CommandInbox.ExecuteUpdateAsync(c => c
                .SetProperty(x => x.AnsweredAt, (DateTime?)null).SetProperty(x => x.ClaimedBy, earlierToken).SetProperty(x => x.Outcome, (string?)null)));
        }
        await using (var notify = new NpgsqlConnection(database))
        {
            await notify.OpenAsync();
            await new NpgsqlCommand("NOTIFY " + ClusterNode.InboxChannel, notify).ExecuteNonQueryAsync();
        }
        await EventuallyAsync(async () =>
        {
            await using var db = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
            return await db.CommandInbox.AsNoTracking().SingleAsync();
        }, row => row.AnsweredAt is not null);

        await using var check = await leader.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
        var row = await check.CommandInbox.AsNoTracking().SingleAsync();
        // Answered from its key this time, but the caller sent it once (an earlier leader had claimed this very row):
        // the first outcome, not marked as a repeat.
        Assert.Null(row.ErrorCode);
        Assert.Equal(answer.Outcome, row.Outcome);
        Assert.Equal(1, await check.Journal.CountAsync(j => j.Type == CommandJson.TypeNameOf(typeof(DepositCash)) && j.Actor == "s:tests" && j.Command.Contains("7000000")));
        var wallet = await check.Wallets.AsNoTracking().SingleAsync(w => w.Id == trader.OperatorId);
        Assert.Equal(107_000_000, wallet.CashAvailable);
    }

    [Fact]
    public async Task A_sign_in_on_the_leader_works_on_a_follower_whose_admin_page_shows_it_following()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(leader.CreateClient());
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());

        // One browser: the cookie the leader issues goes to the follower (one key ring, in the database).
        var cookies = new CookieContainer();
        var onLeader = leader.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        var login = await FormLogin.LoginAsync(onLeader, AppFactory.AdminEmail, AppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/Account/Login", login.Headers.Location!.OriginalString);

        var onFollower = follower.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        var admin = await onFollower.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var html = await admin.Content.ReadAsStringAsync();
        Assert.Contains("This node follows the leader", html);
        Assert.Contains("data-testid=\"follower-lag\"", html);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        var health = await (await follower.CreateClient().SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var data = health.GetProperty("checks").GetProperty("exchange").GetProperty("data");
        Assert.Equal("follower", data.GetProperty("role").GetString());
        Assert.Equal(0, data.GetProperty("lag").GetInt64());
        Assert.Equal(leader.Services.GetRequiredService<ExchangeHost>().JournalSequence, data.GetProperty("leaderSequence").GetInt64());
    }

    [Fact]
    public async Task Every_kind_of_outcome_a_follower_forwards_reads_back_as_the_leader_gave_it()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var owner = await ApiClient.CreateAsync(leader, "f-kinds@test.local", dollars: 50, xp: 21_000);
        var buyer = await ApiClient.CreateAsync(leader, "f-kinds-buyer@test.local", dollars: 50);
        // A trade gives the book the reference price OTC offers are checked against.
        await PlaceAsync(owner.Http, new { side = "sell", type = "limit", price = 0.0200m, quantity = 1_000 });
        await PlaceAsync(buyer.Http, new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000 });
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var host = follower.Services.GetRequiredService<ExchangeHost>();
        Assert.True(host.Following);
        var by = Actor.Operator(owner.OperatorId);

        var agent = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.AgentView>>(
            new RegisterAgent(owner.OperatorId, "forwarded-agent", "made through a follower") { By = by });
        Assert.True(agent.Succeeded, agent.Message);
        Assert.Equal("forwarded-agent", agent.Value!.Name);
        var duplicate = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.AgentView>>(
            new RegisterAgent(owner.OperatorId, "forwarded-agent", null) { By = by });
        Assert.False(duplicate.Succeeded);
        Assert.NotNull(duplicate.Code);

        var locked = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.LockView>>(
            new LockXp(owner.OperatorId, agent.Value.Id, 5_000) { By = by });
        Assert.True(locked.Succeeded, locked.Message);
        Assert.Equal(5_000, locked.Value!.Amount);

        var deposit = await host.SubmitAsync<XpFlywheel.Core.Ledger.TransferResult>(new DepositCash(owner.OperatorId, 2_000_000, 77) { By = Actor.System("tests") });
        Assert.True(deposit.Succeeded);

        var parameters = await host.SubmitAsync<XpFlywheel.Core.Economy.Validated<XpFlywheel.Web.Parameters.ParameterSet>>(
            new SetMarketParameters(new XpFlywheel.Core.Matching.MarketParameters(TakerFeeBps: 25)) { By = Actor.Admin(AppFactory.AdminEmail) });
        Assert.Empty(parameters.Errors);
        Assert.Equal(25, parameters.Value!.Market.TakerFeeBps);
        var refused = await host.SubmitAsync<XpFlywheel.Core.Economy.Validated<XpFlywheel.Web.Parameters.ParameterSet>>(
            new SetMarketParameters(new XpFlywheel.Core.Matching.MarketParameters(TakerFeeBps: 5_000)) { By = Actor.Admin(AppFactory.AdminEmail) });
        Assert.NotEmpty(refused.Errors);

        var second = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.AgentView>>(
            new RegisterAgent(owner.OperatorId, "second-agent", null) { By = by });
        var job = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.JobReceipt>>(
            new RecordJob(owner.OperatorId, agent.Value.Id, second.Value!.Id, 1_000_000, Succeeded: true) { By = by });
        Assert.True(job.Succeeded, job.Message);
        var burn = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.BurnReceipt>>(new BurnXp(owner.OperatorId, 1_000) { By = by });
        Assert.True(burn.Succeeded, burn.Message);
        var offer = await host.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Otc.OtcOfferView>>(
            new PostOtcOffer(owner.OperatorId, XpFlywheel.Core.Matching.Side.Sell, 200, 1_000, 1_000, DateTime.UtcNow.AddHours(1), null) { By = by });
        Assert.True(offer.Succeeded, offer.Message);
        Assert.Equal(1_000, offer.Value!.Quantity);

        Assert.True(await host.SubmitAsync<bool>(new HaltMarket { By = Actor.Admin(AppFactory.AdminEmail) }));

        // The follower's own state already shows each: the parameters, the halt, the balances.
        Assert.Equal(25, follower.Services.GetRequiredService<XpFlywheel.Web.Parameters.ParameterBoard>().Current.Market.TakerFeeBps);
        var wallet = (await WithKey(follower.CreateClient(), owner.Key).GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
        Assert.Equal(13_000, wallet.XpAvailable);
        var info = await follower.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/market/info");
        Assert.Equal("halted", info.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_command_no_leader_takes_in_time_is_withdrawn_answers_503_and_is_never_applied()
    {
        var (database, folder, trader) = await SeededAsync("f-nobody@test.local");

        // Something that is not the app holds the lease (a hung leader): nobody applies commands.
        await using var hung = await HoldLeaseAsync(database);
        await using var follower = new AppFactory { PostgresConnectionString = database, Folder = folder };
        follower.Settings["Cluster:ForwardTimeout"] = "00:00:03";
        follower.Settings["Exchange:ProjectionLagLimit"] = "00:00:01";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var http = WithKey(follower.CreateClient(), trader.Key);

        var sending = http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0200m, quantity = 1_000, clientOrderId = "never" });
        // While it waits, the follower says so: the leader holds the lease but applies nothing.
        var health = await EventuallyAsync(() => follower.CreateClient().GetStringAsync("/health"), body => body == "Degraded");
        Assert.Equal("Degraded", health);
        var response = await sending;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("leader_unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(response.Headers.RetryAfter is not null);
        // Withdrawn, nothing waits now, but no leader answered since: the follower still says the leader applies
        // nothing, rather than turning healthy while it may still be hung.
        Assert.Equal("Degraded", await follower.CreateClient().GetStringAsync("/health"));
        // ...and says that nothing waits now, rather than that a command still waits.
        using (var detailed = new HttpRequestMessage(HttpMethod.Get, "/health"))
        {
            detailed.Headers.Accept.ParseAdd("application/json");
            var report = await (await follower.CreateClient().SendAsync(detailed)).Content.ReadFromJsonAsync<JsonElement>();
            var description = report.GetProperty("checks").GetProperty("exchange").GetProperty("description").GetString();
            Assert.StartsWith("No leader has answered since a command sent to it was withdrawn unanswered", description);
        }

        // The lease comes free: the follower leads, and the withdrawn order is not applied.
        await hung.CloseAsync();
        var host = follower.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(host.Status.State), state => state == WriterState.Running);
        await Task.Delay(500);
        await using var db = await follower.Services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.True((await db.CommandInbox.AsNoTracking().SingleAsync()).Withdrawn);
        var wallet = (await http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!;
        Assert.Equal(100m, wallet.CashAvailable);
        Assert.Equal(0m, wallet.CashHeld);
    }

    /// <summary>
    /// A leader that stopped without its session ending (SIGSTOP, a frozen VM) holds the lease, and every command, for
    /// as long as it stays stopped. The driver probes its lease session every second while it runs, so a
    /// session silent past <c>Cluster:LeaderSilenceLimit</c> is taken to be a stopped holder: a follower ends it, and every
    /// transaction of the old writer still holding the fence row the next writer must advance (one left idle between
    /// statements, one still running a statement), and leads.
    /// </summary>
    [Fact]
    public async Task A_leader_silent_past_the_limit_is_ended_with_its_open_batches_and_a_follower_leads()
    {
        var (database, folder, trader) = await SeededAsync("f-silent@test.local");

        // A stopped leader: its lease session idle, and a batch's transaction left open on the fence row.
        await using var hung = await HoldLeaseAsync(database);
        await using var batch = new NpgsqlConnection(database);
        await batch.OpenAsync();
        await using var open = await batch.BeginTransactionAsync();
        await using (var fence = new NpgsqlCommand("""UPDATE "WriterFence" SET "Token" = "Token" WHERE "Id" = 1""", batch, open))
            Assert.Equal(1, await fence.ExecuteNonQueryAsync());
        // Another of its transactions still running a statement (waiting on the row, as a batch would behind another).
        await using var running = new NpgsqlConnection(database);
        await running.OpenAsync();
        await using var second = await running.BeginTransactionAsync();
        await using var waiting = new NpgsqlCommand("""UPDATE "WriterFence" SET "Token" = "Token" WHERE "Id" = 1""", running, second);
        var stuck = waiting.ExecuteNonQueryAsync();

        await using var follower = new AppFactory { PostgresConnectionString = database, Folder = folder };
        follower.Settings["Cluster:LeaderSilenceLimit"] = "00:00:03";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var host = follower.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(host.Status.State), state => state == WriterState.Running, TimeSpan.FromSeconds(30));
        Assert.True(host.Status.State == WriterState.Running, $"{host.Status}\n{follower.ErrorLog}");
        Assert.False(host.Following);

        // Every session of the stopped leader was ended by the server.
        try
        {
            // Ended while it waited, or just after the row came free to it: either way its session is gone (below).
            await stuck;
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
        {
        }
        foreach (var ended in new[] { hung, batch, running })
        {
            await using var probe = new NpgsqlCommand("SELECT 1", ended);
            await Assert.ThrowsAnyAsync<Exception>(() => probe.ExecuteScalarAsync());
        }
        var placed = await WithKey(follower.CreateClient(), trader.Key).PostAsJsonAsync("/api/v1/orders",
            new { side = "buy", type = "limit", price = 0.0100m, quantity = 1_000 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
    }

    /// <summary>
    /// The silence limit ends only a leader that stopped: the driver probes a held lease's session every second from the
    /// moment the lock is taken, so a running leader is never silent, even before (or without) its own renewals, as
    /// while it migrates and loads. Here its renewals are an hour apart, and a follower watches with the least limit.
    /// </summary>
    [Fact]
    public async Task A_running_leader_is_never_taken_for_silent()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        leader.Settings["Cluster:LeaseRenewInterval"] = "01:00:00";
        var trader = await ApiClient.CreateAsync(leader, "f-alive@test.local", dollars: 100);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        follower.Settings["Cluster:LeaderSilenceLimit"] = "00:00:03";
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());

        await Task.Delay(TimeSpan.FromSeconds(8));
        var host = leader.Services.GetRequiredService<ExchangeHost>();
        Assert.True(host.Status.State == WriterState.Running && !host.Following, $"{host.Status}\n{leader.ErrorLog}");
        Assert.True(follower.Services.GetRequiredService<ExchangeHost>().Following);
        await PlaceAsync(trader.Http, new { side = "buy", type = "limit", price = 0.0100m, quantity = 1_000 });
    }

    /// <summary>
    /// Cutting the leader off ends the one session that holds the lease: a node trying the lock at that moment opens a
    /// session of the same name that holds nothing, and it stays open, free to take the lock next.
    /// </summary>
    [Fact]
    public async Task Ending_the_lease_holder_leaves_a_session_that_only_tries_the_lock()
    {
        var database = await server.CreateDatabaseAsync();
        await using var holder = new PostgresWriterLease(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresWriterLease>.Instance);
        await holder.AcquireAsync();
        await using var trier = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false, ApplicationName = "xpflywheel-writer-lease" }.ConnectionString);
        await trier.OpenAsync();
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", trier);
        tryLock.Parameters.AddWithValue("key", PostgresWriterLease.LockKey);
        Assert.Equal(false, await tryLock.ExecuteScalarAsync());

        Assert.Equal(1L, await server.EndLeaseHolderAsync(database));

        Assert.Equal(true, await tryLock.ExecuteScalarAsync());
    }

    /// <summary>
    /// A leader whose lease another node took while it could not renew (paused, ended as silent, cut off) learns it
    /// from the fence at its next renewal and follows, without waiting for a command to be refused first.
    /// </summary>
    [Fact]
    public async Task A_leader_whose_lease_another_took_follows_at_its_next_renewal_without_a_command()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        // It renews late, so the follower takes the freed lease first.
        leader.Settings["Cluster:LeaseRenewInterval"] = "00:00:03";
        var trader = await ApiClient.CreateAsync(leader, "f-late@test.local", dollars: 100);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());

        await TerminateLeaseSessionAsync(database);
        var taker = follower.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(taker.Status.State), state => state == WriterState.Running, TimeSpan.FromSeconds(10));
        Assert.False(taker.Following);

        var old = leader.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(old.Status.State), state => state == WriterState.Following, TimeSpan.FromSeconds(15));
        Assert.True(old.Following && old.Status.State == WriterState.Following, $"{old.Status}\n{leader.ErrorLog}");
        // What it is sent now goes to the new leader.
        await PlaceAsync(trader.Http, new { side = "buy", type = "limit", price = 0.0100m, quantity = 1_000 });
        // A takeover the node recovers from is a warning in its log, not a critical failure an operator is paged for.
        Assert.DoesNotContain("Critical", leader.ErrorLog);
    }

    /// <summary>
    /// A node paused while it loaded can be ended as silent and resume to find another node writing: a batch of its
    /// load (here, opening a wallet for a user who had none) meets the fence. That is a lost writer, not a failed start:
    /// the node follows (and, with nobody else holding the lease, takes it again and leads) instead of stopping.
    /// </summary>
    [Fact]
    public async Task A_writer_fenced_while_it_loads_follows_instead_of_stopping()
    {
        var (database, folder, _) = await SeededAsync("f-loading@test.local");
        // A user without a wallet: the next start opens one in a batch of its load.
        await using (var sql = new NpgsqlConnection(database))
        {
            await sql.OpenAsync();
            await using var ghost = new NpgsqlCommand("""
                CREATE TEMP TABLE ghost AS SELECT * FROM "AspNetUsers" LIMIT 1;
                UPDATE ghost SET "Id" = 'ghost-user', "UserName" = 'ghost@test.local', "NormalizedUserName" = 'GHOST@TEST.LOCAL',
                    "Email" = 'ghost@test.local', "NormalizedEmail" = 'GHOST@TEST.LOCAL', "DisplayName" = NULL, "DisplayNameKey" = NULL;
                INSERT INTO "AspNetUsers" SELECT * FROM ghost;
                """, sql);
            await ghost.ExecuteNonQueryAsync();
        }

        // As the load looks for users without wallets, another node advances the fence (it took the writer).
        var takeover = new TakeoverBeforeWalletsOpen(database);
        var logs = new Integration.LogCapture();
        await using var node = new AppFactory
        {
            PostgresConnectionString = database, Folder = folder,
            TestServices = services =>
            {
                AppFactory.Intercepting(takeover)(services);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            },
        };
        var host = node.Services.GetRequiredService<ExchangeHost>();
        await EventuallyAsync(() => Task.FromResult(host.Status.State), state => state == WriterState.Running, TimeSpan.FromSeconds(30));
        Assert.True(takeover.Fired);
        Assert.True(host.Status.State == WriterState.Running, $"{host.Status}\n{node.ErrorLog}");
        // Logged as a takeover the node recovers from (a warning), not as a failed start.
        Assert.Contains(logs.Entries, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && entry.Message.Contains("This node lost the writer lease while it was loading", StringComparison.Ordinal));
        Assert.DoesNotContain("Critical", node.ErrorLog);
        await using var db = await node.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Wallets.AnyAsync(w => w.UserId == "ghost-user"));
    }

    // A new database with one trader holding $100, made by an app that stopped (its lease ended with it), and the
    // folder later apps on it share.
    private async Task<(string Database, string Folder, ApiClient Trader)> SeededAsync(string email)
    {
        var database = await server.CreateDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        await using var first = new AppFactory { PostgresConnectionString = database, Folder = folder };
        return (database, folder, await ApiClient.CreateAsync(first, email, dollars: 100));
    }

    // A session of the test's own holding the writer lease and then doing nothing, as a hung or stopped leader's does.
    private static async Task<NpgsqlConnection> HoldLeaseAsync(string database)
    {
        var session = new NpgsqlConnection(database);
        await session.OpenAsync();
        await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", session);
        take.Parameters.AddWithValue("key", PostgresWriterLease.LockKey);
        await take.ExecuteScalarAsync();
        return session;
    }

    // Advances the fence from a session of its own just before the missing-wallets query runs, once.
    private sealed class TakeoverBeforeWalletsOpen(string database) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _fired;

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"AspNetUsers\"") && command.CommandText.Contains("\"Wallets\"")
                && command.CommandText.Contains("NOT EXISTS") && Interlocked.CompareExchange(ref _fired, 1, 0) == 0)
            {
                await using var other = new NpgsqlConnection(database);
                await other.OpenAsync(cancellationToken);
                await using var advance = new NpgsqlCommand("""UPDATE "WriterFence" SET "Token" = "Token" + 1 WHERE "Id" = 1""", other);
                await advance.ExecuteNonQueryAsync(cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task Dropped_database_connections_stop_neither_the_leader_nor_a_follower()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "f-blip@test.local", dollars: 1_000);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var onFollower = WithKey(follower.CreateClient(), trader.Key);
        await PlaceAsync(trader.Http, new { side = "buy", type = "limit", price = 0.0100m, quantity = 1_000 });

        // Every connection of both nodes but the writer lease's is cut, as a database restart or a network blip does.
        var settings = new NpgsqlConnectionStringBuilder(database);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND application_name <> 'xpflywheel-writer-lease' AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("db", settings.Database!);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0);
        }

        // A request may meet a dead pooled connection once; the nodes stay up and the next ones go through.
        foreach (var http in new[] { trader.Http, onFollower })
        {
            var placed = false;
            for (var attempt = 0; attempt < 20 && !placed; attempt++)
            {
                var response = await http.PostAsJsonAsync("/api/v1/orders", new { side = "buy", type = "limit", price = 0.0101m, quantity = 1_000 });
                placed = response.StatusCode == HttpStatusCode.Created;
                if (!placed)
                    await Task.Delay(250);
            }
            Assert.True(placed, "No order went through after the connections were cut.");
        }
        foreach (var app in new[] { leader, follower })
        {
            Assert.False(app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
        }
        Assert.False(leader.Services.GetRequiredService<ExchangeHost>().Following);
        Assert.True(follower.Services.GetRequiredService<ExchangeHost>().Following);
    }

    [Fact]
    public async Task A_leader_whose_lease_session_the_database_ended_takes_the_lease_back_and_stays_the_writer()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var trader = await ApiClient.CreateAsync(leader, "f-renew@test.local", dollars: 100);
        var host = leader.Services.GetRequiredService<ExchangeHost>();
        var token = host.FencingToken;

        var before = Assert.Single(await AdvisoryLockHoldersAsync(database));

        await TerminateLeaseSessionAsync(database);

        // Nobody else runs: the lock is held again, by another session, only if the leader took it back. (Its watch may
        // do so before this test looks, so the moment without a holder is not asserted.)
        var after = await EventuallyAsync(() => AdvisoryLockHoldersAsync(database), held => held.Count == 1 && held[0] != before, TimeSpan.FromSeconds(15));
        Assert.NotEqual(before, Assert.Single(after));
        Assert.Equal(HttpStatusCode.OK, (await leader.CreateClient().GetAsync("/health")).StatusCode);
        Assert.True(leader.Services.GetRequiredService<IWriterLease>().IsHeld);
        await PlaceAsync(trader.Http, new { side = "buy", type = "limit", price = 0.0100m, quantity = 1_000 });
        Assert.Equal(token, host.FencingToken);
    }

    [Fact]
    public async Task A_followers_pages_hear_agents_locks_and_epoch_closes_the_leader_applied()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var owner = await ApiClient.CreateAsync(leader, "f-events@test.local", dollars: 10, xp: 10_000);
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var heard = new System.Collections.Concurrent.ConcurrentQueue<ExchangeEvent>();
        using var subscription = follower.Services.GetRequiredService<ExchangeFeed>().Subscribe(heard.Enqueue);

        var leaderHost = leader.Services.GetRequiredService<ExchangeHost>();
        var by = Actor.Operator(owner.OperatorId);
        var agent = await leaderHost.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.AgentView>>(
            new RegisterAgent(owner.OperatorId, "heard-agent", null) { By = by });
        await leaderHost.SubmitAsync<XpFlywheel.Web.Economy.EconomyResult<XpFlywheel.Web.Economy.LockView>>(
            new LockXp(owner.OperatorId, agent.Value!.Id, 1_000) { By = by });
        var epochs = leader.Services.GetRequiredService<XpFlywheel.Web.Epochs.EpochService>();
        await epochs.Started;
        await epochs.CloseNowAsync(AppFactory.AdminEmail, 1);

        await EventuallyAsync(() => Task.FromResult(heard.OfType<XpFlywheel.Web.Epochs.EpochClosed>().Count()), n => n > 0);
        Assert.Contains(heard.OfType<XpFlywheel.Web.Economy.AgentsChanged>(), e => e.OperatorIds.Contains(owner.OperatorId));
        Assert.Contains(heard.OfType<XpFlywheel.Web.Economy.LocksChanged>(), e => e.OperatorIds.Contains(owner.OperatorId));
        Assert.Equal(1, heard.OfType<XpFlywheel.Web.Epochs.EpochClosed>().First().Number);
        Assert.Contains(heard.OfType<BalancesChanged>(), e => e.OperatorIds.Contains(owner.OperatorId));
    }

    [Fact]
    public async Task A_follower_applies_the_postings_of_economy_commands_instead_of_reloading_and_keeps_the_leaders_state()
    {
        var database = await server.CreateDatabaseAsync();
        await using var leader = new AppFactory { PostgresConnectionString = database };
        var services = leader.Services;
        var leaderHost = services.GetRequiredService<ExchangeHost>();
        await leaderHost.Ready;
        var ids = new long[3];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = await Operators.CreateAsync(services, $"f-posted-{i}@test.local");
            await Operators.FundAsync(services, ids[i], 2_000, 100_000);
        }
        await using var follower = new AppFactory { PostgresConnectionString = database };
        await WriterHealth.WaitUntilHealthyAsync(follower.CreateClient());
        var followerHost = follower.Services.GetRequiredService<ExchangeHost>();
        Assert.True(followerHost.Following);
        await EventuallyAsync(() => Task.FromResult(followerHost.JournalSequence), s => s == leaderHost.JournalSequence);
        var reloadsBefore = followerHost.ReplicaReloads;
        var from = leaderHost.JournalSequence;

        // Orders, agents, jobs, burns, locks, unlocks, deposits and OTC offers mixed, as a busy leader applies them.
        var trading = services.GetRequiredService<TradingService>();
        var agents = services.GetRequiredService<XpFlywheel.Web.Economy.AgentService>();
        var jobs = services.GetRequiredService<XpFlywheel.Web.Economy.JobService>();
        var burns = services.GetRequiredService<XpFlywheel.Web.Economy.BurnService>();
        var locks = services.GetRequiredService<XpFlywheel.Web.Economy.LockService>();
        var otc = services.GetRequiredService<XpFlywheel.Web.Otc.OtcService>();
        var random = new Random(20261202);
        var owned = new List<(long Operator, long Agent)>();
        for (var step = 0; step < 160; step++)
        {
            var op = ids[random.Next(ids.Length)];
            var side = random.Next(2) == 0 ? XpFlywheel.Core.Matching.Side.Buy : XpFlywheel.Core.Matching.Side.Sell;
            var price = 0.0190m + random.Next(0, 21) * 0.0001m;
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    await trading.PlaceAsync(op, new PlaceOrderRequest(side, XpFlywheel.Core.Matching.OrderType.Limit, price, random.Next(1, 400)));
                    break;
                case 3:
                    if ((await agents.RegisterAsync(op, $"Posted {step}", null)).Value is { } agent)
                        owned.Add((op, agent.Id));
                    break;
                case 4 or 5 when owned.Count >= 2:
                    var client = owned[random.Next(owned.Count)];
                    var provider = owned[random.Next(owned.Count)];
                    await jobs.RecordAsync(client.Operator, client.Agent, provider.Agent, random.Next(1, 5_000) / 100m, random.Next(4) > 0);
                    break;
                case 6:
                    await burns.BurnAsync(op, random.Next(1, 2_000));
                    break;
                case 7 when owned.Count > 0:
                    var holder = owned[random.Next(owned.Count)];
                    await locks.LockAsync(holder.Operator, holder.Agent, random.Next(1, 3_000));
                    await locks.RequestUnlockAsync(holder.Operator, random.Next(1, 8), random.Next(2) == 0 ? null : random.Next(1, 500));
                    break;
                case 8:
                    await trading.DepositAsync(op, XpFlywheel.Core.Primitives.Cash.FromDollars(random.Next(1, 50)));
                    break;
                default:
                    await otc.PostOfferAsync(op, side, (long)(price * 10_000), random.Next(1, 300), 1, DateTime.UtcNow.AddHours(1), null);
                    await otc.TakeOfferAsync(ids[random.Next(ids.Length)], random.Next(1, 10), random.Next(1, 300));
                    break;
            }
        }

        await EventuallyAsync(() => Task.FromResult(followerHost.JournalSequence), s => s == leaderHost.JournalSequence);
        Assert.Equal(leaderHost.JournalSequence, followerHost.JournalSequence);
        Assert.Equal(await ReplicaStateAsync(leaderHost), await ReplicaStateAsync(followerHost));
        var applied = await JournalSinceAsync(services, from);
        Assert.True(applied.Count(c => c is not (SubmitOrder or ReplaceOrder or CancelOrder or CancelAllOrders)) >= 50, "too few economy commands to show anything");
        // Only a command that changes more than balances (a halt, parameters, the epoch's start or close: the leader's
        // own timers may issue some) makes the follower reload; none of the commands above does.
        var reloading = applied.Count(c => c is HaltMarket or ResumeMarket or SetMarketParameters or SetFeeTiers or SetLockPolicy
            or SetReputationRules or SetNextEpochParameters or SetOtcParameters or StartEpochs or CloseEpoch or EndEpoch);
        Assert.True(followerHost.ReplicaReloads - reloadsBefore <= reloading,
            $"{followerHost.ReplicaReloads - reloadsBefore} reloads for {reloading} commands that need one");

        // A parameter change still reloads, and the replica still matches.
        var reloadsBeforeChange = followerHost.ReplicaReloads;
        await leaderHost.SubmitAsync<XpFlywheel.Core.Economy.Validated<XpFlywheel.Web.Parameters.ParameterSet>>(
            new SetMarketParameters(new XpFlywheel.Core.Matching.MarketParameters(TakerFeeBps: 25)) { By = Actor.Admin(AppFactory.AdminEmail) });
        await trading.DepositAsync(ids[0], XpFlywheel.Core.Primitives.Cash.FromDollars(3));
        await EventuallyAsync(() => Task.FromResult(followerHost.JournalSequence), s => s == leaderHost.JournalSequence);
        Assert.True(followerHost.ReplicaReloads > reloadsBeforeChange);
        Assert.Equal(await ReplicaStateAsync(leaderHost), await ReplicaStateAsync(followerHost));
    }

    // The replica's ledger, book, counters and parameters, as text so a difference names itself.
    private static Task<string> ReplicaStateAsync(ExchangeHost host) => host.ReadAsync(session =>
    {
        var orders = new List<XpFlywheel.Core.Matching.OrderView>();
        session.Engine.CopyOrders(orders);
        return JsonSerializer.Serialize(new
        {
            // Sorted, zeros left out: a loaded ledger knows accounts in the tables' order, a live one in first-use order.
            Balances = session.Ledger.Balances().Where(b => b.Value != 0).Select(b => $"{b.Key}={b.Value}").Order(StringComparer.Ordinal).ToList(),
            session.Ledger.NextPostingSequence,
            Engine = session.Engine.State,
            Orders = orders,
            Parameters = session.Parameters with { Version = 0 },
        });
    });

    private static async Task<List<ExchangeCommand>> JournalSinceAsync(IServiceProvider services, long after)
    {
        await using var db = await services.GetRequiredService<WriterDatabase>().Factory.CreateDbContextAsync();
        var rows = await db.Journal.AsNoTracking().Where(j => j.Sequence > after).OrderBy(j => j.Sequence).Select(j => j.Command).ToListAsync();
        return [.. rows.Select(CommandJson.Deserialize)];
    }

    // The server processes (sessions) holding an advisory lock in the database.
    private static async Task<List<int>> AdvisoryLockHoldersAsync(string database)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var holders = new NpgsqlCommand(
            "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = @db", admin);
        holders.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(database).Database!);
        var pids = new List<int>();
        await using var reader = await holders.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            pids.Add(reader.GetInt32(0));
        return pids;
    }

    // Ends the leader's lease session (one, whoever else is trying the lock at that moment).
    private async Task TerminateLeaseSessionAsync(string database) => Assert.Equal(1L, await server.EndLeaseHolderAsync(database));

    private static HttpClient WithKey(HttpClient http, string key)
    {
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<JsonElement> PlaceAsync(HttpClient http, object order)
    {
        var response = await http.PostAsJsonAsync("/api/v1/orders", order);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(25);
        }
    }
}
