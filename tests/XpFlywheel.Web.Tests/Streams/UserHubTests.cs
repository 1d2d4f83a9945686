using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Streams;

// Each test gets its own app: the streams are per operator, but a shared book would mix the tests' trades.
public sealed class UserHubTests : IDisposable
{
    private readonly AppFactory _factory = new() { Settings = { ["UserHub:ReplayCapacity"] = "8" } };

    public void Dispose() => _factory.Dispose();

    private TradingService Trading => _factory.Services.GetRequiredService<TradingService>();

    private async Task<long> PlaceAsync(long operatorId, Side side, decimal? price, long quantity, TimeInForce tif = TimeInForce.Gtc)
    {
        var result = await Trading.PlaceAsync(operatorId, new PlaceOrderRequest(side, price is null ? OrderType.Market : OrderType.Limit, price, quantity, tif));
        Assert.True(result.Succeeded, result.Outcome?.RejectMessage);
        return result.Outcome!.OrderId;
    }

    private static UserWalletMessage WalletOf(WalletDto w) => new(w.CashAvailable, w.CashHeld, w.XpAvailable, w.XpHeld, w.XpLocked, w.XpUnlocking,
        w.CashHeldByOtc, w.XpHeldByOtc, w.CashHeldByFailedJobs);

    private static async Task<long> AgentAsync(ApiClient client, string name)
    {
        var created = await client.Http.PostAsJsonAsync("/api/v1/agents", new { name });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>
    /// The stream's wallet is the whole wallet: what open OTC offers and failed jobs hold in the exchange's escrow is in
    /// every Balance and Snapshot, as GET /api/v1/wallet gives it, so posting an offer does not make the money look gone.
    /// </summary>
    [Fact]
    public async Task Stream_wallet_carries_what_otc_offers_and_failed_jobs_hold_in_escrow()
    {
        await _factory.Services.GetRequiredService<ExchangeHost>().ExecuteAsync(s => s.Engine.SetReferencePrice(new Core.Primitives.Price(200)));
        var maker = await ApiClient.CreateAsync(_factory, "escrow-maker@test.local", dollars: 100, xp: 1_000);
        var taker = await ApiClient.CreateAsync(_factory, "escrow-taker@test.local", dollars: 100, xp: 1_000);
        await using var stream = await UserStreamRecorder.StartAsync(_factory, maker.Key);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        var first = Assert.IsType<UserSnapshotMessage>(stream.Messages[0]).Wallet;
        Assert.Equal((0m, 0L, 0m), (first.CashHeldByOtc, first.XpHeldByOtc, first.CashHeldByFailedJobs));

        async Task<UserWalletMessage> SettledAsync(string what)
        {
            var rest = WalletOf((await maker.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!);
            await stream.WaitForAsync(m => m.OfType<UserBalanceMessage>().LastOrDefault()?.Wallet == rest, what);
            return rest;
        }

        var expires = DateTime.UtcNow.AddHours(1);
        var sell = await maker.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "sell", price = 0.02m, quantity = 300, expiresAt = expires });
        Assert.Equal(System.Net.HttpStatusCode.Created, sell.StatusCode);
        var afterSell = await SettledAsync("the sell offer's hold");
        Assert.Equal((700L, 300L), (afterSell.XpAvailable, afterSell.XpHeldByOtc));

        var buy = await maker.Http.PostAsJsonAsync("/api/v1/otc/offers", new { side = "buy", price = 0.02m, quantity = 500, expiresAt = expires });
        Assert.Equal(System.Net.HttpStatusCode.Created, buy.StatusCode);
        var afterBuy = await SettledAsync("the buy offer's hold");
        Assert.True(afterBuy.CashHeldByOtc >= 10m, $"a buy offer of 500 at $0.02 holds at least $10: {afterBuy}");
        Assert.Equal(100m, afterBuy.CashAvailable + afterBuy.CashHeldByOtc);

        // A take moves the maker's escrow without the maker doing anything.
        var sellId = (await sell.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(System.Net.HttpStatusCode.Created, (await taker.Http.PostAsJsonAsync($"/api/v1/otc/offers/{sellId}/take", new { quantity = 100 })).StatusCode);
        Assert.Equal(200L, (await SettledAsync("the take")).XpHeldByOtc);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await maker.Http.DeleteAsync($"/api/v1/otc/offers/{sellId}")).StatusCode);
        Assert.Equal(0L, (await SettledAsync("the cancel's release")).XpHeldByOtc);

        // A failed job's amount waits in escrow while the provider may dispute.
        var clientAgent = await AgentAsync(maker, "Critic");
        var providerAgent = await AgentAsync(taker, "Worker");
        var failed = await maker.Http.PostAsJsonAsync("/api/v1/jobs", new { clientAgentId = clientAgent, providerAgentId = providerAgent, amount = 7m, succeeded = false });
        Assert.Equal(System.Net.HttpStatusCode.Created, failed.StatusCode);
        Assert.Equal(7m, (await SettledAsync("the failed job's hold")).CashHeldByFailedJobs);

        // A fresh snapshot, and the escrow a restart loads from the tables, say the same.
        var rest = WalletOf((await maker.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet"))!);
        await using (var again = await UserStreamRecorder.StartAsync(_factory, maker.Key))
        {
            await again.WaitForAsync(m => m.Count > 0, "a second snapshot");
            Assert.Equal(rest, Assert.IsType<UserSnapshotMessage>(again.Messages[0]).Wallet);
        }
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var loaded = (await EscrowHolds.LoadAsync(db)).Of(maker.OperatorId);
        Assert.Equal((rest.CashHeldByOtc, rest.XpHeldByOtc, rest.CashHeldByFailedJobs),
            (loaded.OtcCash / 1_000_000m, loaded.OtcXp, loaded.JobEscrowCash / 1_000_000m));
    }

    /// <summary>An after that is not a sequence is refused as bad input, naming the rule, and the connection stays open.</summary>
    [Fact]
    public async Task Subscribe_with_an_after_that_is_not_a_sequence_is_refused_as_validation_failed()
    {
        var trader = await ApiClient.CreateAsync(_factory, "sub-bad@test.local", dollars: 10);
        await using var connection = UserStreamRecorder.Build(_factory, trader.Key);
        await connection.StartAsync();

        foreach (var bad in new object[] { "abc", 1.5, -1, 1e30 })
        {
            var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync("Subscribe", bad));
            Assert.StartsWith("validation_failed: after must be", error.Message.Split("HubException: ").Last(), StringComparison.Ordinal);
        }
        Assert.Equal(HubConnectionState.Connected, connection.State);
        await connection.InvokeAsync("Subscribe", (long?)null);
    }

    /// <summary>A call that does not bind (here two arguments to a method of one) is refused naming the method's parameters.</summary>
    [Fact]
    public async Task A_user_hub_call_with_the_wrong_number_of_arguments_is_refused_as_validation_failed()
    {
        var trader = await ApiClient.CreateAsync(_factory, "sub-count@test.local", dollars: 10);
        await using var connection = UserStreamRecorder.Build(_factory, trader.Key);
        await connection.StartAsync();

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => connection.InvokeAsync("Subscribe", 1, 2));

        Assert.EndsWith("HubException: validation_failed: Subscribe takes 1 argument (a whole number or null); 2 were sent.", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        await connection.InvokeAsync("Subscribe", (long?)null);
    }

    [Fact]
    public async Task User_stream_delivers_own_order_lifecycle_with_fills_and_fees_in_sequence()
    {
        var seller = await ApiClient.CreateAsync(_factory, "life-seller@test.local", dollars: 10, xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "life-buyer@test.local", dollars: 100);
        await using var stream = await UserStreamRecorder.StartAsync(_factory, seller.Key);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        var snapshot = Assert.IsType<UserSnapshotMessage>(stream.Messages[0]);
        Assert.Empty(snapshot.Orders);
        Assert.Equal(1_000, snapshot.Wallet.XpAvailable);

        var sell = await PlaceAsync(seller.OperatorId, Side.Sell, 0.0150m, 400);
        await PlaceAsync(buyer.OperatorId, Side.Buy, 0.0150m, 250);
        await PlaceAsync(buyer.OperatorId, Side.Buy, 0.0150m, 150);
        var moved = await PlaceAsync(seller.OperatorId, Side.Sell, 0.0160m, 100);
        Assert.True((await Trading.AmendAsync(seller.OperatorId, moved, null, 0.0165m)).Succeeded);
        Assert.True((await Trading.CancelAsync(seller.OperatorId, moved)).Succeeded);
        var ioc = await PlaceAsync(seller.OperatorId, Side.Buy, 0.0140m, 10, TimeInForce.Ioc);
        await stream.WaitForAsync(m => m.OfType<UserOrderMessage>().Count() >= 7 && m.SkipWhile(o => o is not UserOrderMessage { Event: "expired" }).Any(b => b is UserBalanceMessage),
            "seven order changes and the wallet after them");

        Assert.Equal(
            [(sell, "new"), (sell, "partially_filled"), (sell, "filled"), (moved, "new"), (moved, "amended"), (moved, "cancelled"), (ioc, "expired")],
            stream.Orders.Select(o => (o.OrderId, o.Event)));
        var sequences = stream.Sequences;
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => snapshot.Sequence + 1 + i), sequences);
        Assert.Equal([400L, 150, 0, 100, 100, 100, 10], stream.Orders.Select(o => o.Remaining));
        Assert.Equal(0.0165m, stream.Orders[4].Price);
        Assert.Equal("expired", stream.Orders[6].Reason);

        // Fills and fees are the trades' own, from the maker's side.
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var trades = await db.Trades.Where(t => t.MakerOrderId == sell).OrderBy(t => t.Id).ToListAsync();
        var fills = stream.Orders.Where(o => o.OrderId == sell).SelectMany(o => o.Fills).ToList();
        Assert.Equal(trades.Select(t => (t.Id, t.Quantity, t.MakerFee / 1_000_000m, "maker")), fills.Select(f => (f.TradeId, f.Quantity, f.Fee, f.Liquidity)));
        Assert.All(fills, f => Assert.Equal(0.0150m, f.Price));

        // Each order change comes before the wallet it moved, and the last wallet is the one REST reports.
        var wallet = await seller.Http.GetFromJsonAsync<WalletDto>("/api/v1/wallet");
        var last = stream.Messages.OfType<UserBalanceMessage>().Last();
        Assert.Equal(WalletOf(wallet!), last.Wallet);
        var fillIndex = stream.Messages.ToList().FindIndex(m => m is UserOrderMessage { Event: "partially_filled" });
        Assert.IsType<UserBalanceMessage>(stream.Messages.Skip(fillIndex + 1).First(m => m is not UserNotificationMessage));
    }

    /// <summary>
    /// An order event's price is the order's own limit (README, user stream): an amend that moves a sell into the bids and
    /// fills it whole reports the amended limit, not its fill's price, as the amend's answer and the order record do.
    /// </summary>
    [Fact]
    public async Task An_amend_that_fills_the_order_whole_reports_the_amended_limit_not_the_fill_price()
    {
        var seller = await ApiClient.CreateAsync(_factory, "amend-fill-seller@test.local", dollars: 10, xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "amend-fill-buyer@test.local", dollars: 100);
        await PlaceAsync(buyer.OperatorId, Side.Buy, 0.0196m, 500);
        var sell = await PlaceAsync(seller.OperatorId, Side.Sell, 0.0230m, 100);
        await using var stream = await UserStreamRecorder.StartAsync(_factory, seller.Key);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");

        var amended = await Trading.AmendAsync(seller.OperatorId, sell, null, 0.0190m);
        Assert.True(amended.Succeeded);
        await stream.WaitForAsync(m => m.OfType<UserOrderMessage>().Any(o => o.Event == "filled"), "the amended order filled");

        var filled = stream.Orders.Single(o => o.OrderId == sell);
        Assert.Equal("filled", filled.Event);
        Assert.Equal(0.0190m, filled.Price);
        Assert.Equal(0.0196m, Assert.Single(filled.Fills).Price);
        var record = await seller.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/orders/{sell}");
        Assert.Equal(0.0190m, record.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Client_order_id_rides_on_every_order_event_and_on_the_snapshots_open_orders_as_on_the_rest_order()
    {
        var seller = await ApiClient.CreateAsync(_factory, "cid-seller@test.local", dollars: 10, xp: 1_000);
        var buyer = await ApiClient.CreateAsync(_factory, "cid-buyer@test.local", dollars: 100);
        await using var live = await UserStreamRecorder.StartAsync(_factory, seller.Key);
        await live.WaitForAsync(m => m.Count > 0, "the snapshot");

        var placed = await Trading.PlaceAsync(seller.OperatorId, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0150m, 400, ClientOrderId: "bot-7"));
        Assert.True(placed.Succeeded);
        var sell = placed.Outcome!.OrderId;
        var plain = await PlaceAsync(seller.OperatorId, Side.Sell, 0.0170m, 10);
        await PlaceAsync(buyer.OperatorId, Side.Buy, 0.0150m, 100);
        Assert.True((await Trading.AmendAsync(seller.OperatorId, sell, null, 0.0160m)).Succeeded);
        await live.WaitForAsync(m => m.OfType<UserOrderMessage>().Count(o => o.OrderId == sell) >= 3, "new, partial fill and amend");

        // A snapshot's open order carries it too, as REST's order record does.
        await using var fresh = await UserStreamRecorder.StartAsync(_factory, seller.Key);
        await fresh.WaitForAsync(m => m.Count > 0, "the snapshot");
        var open = Assert.IsType<UserSnapshotMessage>(fresh.Messages[0]).Orders;
        var rest = await seller.Http.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{sell}");
        Assert.Equal("bot-7", rest!.ClientOrderId);
        Assert.Equal(rest.ClientOrderId, open.Single(o => o.OrderId == sell).ClientOrderId);
        Assert.Null(open.Single(o => o.OrderId == plain).ClientOrderId);

        Assert.True((await Trading.CancelAsync(seller.OperatorId, sell)).Succeeded);
        await live.WaitForAsync(m => m.OfType<UserOrderMessage>().Any(o => o.OrderId == sell && o.Event == "cancelled"), "the cancel");
        var events = live.Orders.Where(o => o.OrderId == sell).ToList();
        Assert.Equal(["new", "partially_filled", "amended", "cancelled"], events.Select(o => o.Event));
        Assert.All(events, o => Assert.Equal("bot-7", o.ClientOrderId));
        Assert.All(live.Orders.Where(o => o.OrderId == plain), o => Assert.Null(o.ClientOrderId));
    }

    [Fact]
    public async Task Another_operators_events_never_reach_you()
    {
        var mine = await ApiClient.CreateAsync(_factory, "own-a@test.local", dollars: 100, xp: 1_000);
        var theirs = await ApiClient.CreateAsync(_factory, "own-b@test.local", dollars: 100, xp: 1_000);
        await using var stream = await UserStreamRecorder.StartAsync(_factory, mine.Key);
        await using var other = await UserStreamRecorder.StartAsync(_factory, theirs.Key);

        var myOrder = await PlaceAsync(mine.OperatorId, Side.Sell, 0.0150m, 100);
        var theirTaker = await PlaceAsync(theirs.OperatorId, Side.Buy, 0.0150m, 100);
        var theirResting = await PlaceAsync(theirs.OperatorId, Side.Buy, 0.0130m, 50);
        await Trading.CancelAsync(theirs.OperatorId, theirResting);
        await other.WaitForAsync(m => m.OfType<UserOrderMessage>().Any(o => o.Event == "cancelled"), "their cancel");
        await stream.WaitForAsync(m => m.OfType<UserOrderMessage>().Any(o => o.Event == "filled"), "my fill");

        Assert.All(stream.Orders, o => Assert.Equal(myOrder, o.OrderId));
        Assert.DoesNotContain(stream.Orders, o => o.OrderId == theirTaker || o.OrderId == theirResting);
        Assert.DoesNotContain(other.Orders, o => o.OrderId == myOrder);
        Assert.All(stream.Messages.OfType<UserNotificationMessage>(), n => Assert.Contains($"#{myOrder}", n.Message));
    }

    [Fact]
    public async Task Anonymous_connections_are_refused()
    {
        await using var connection = UserStreamRecorder.Build(_factory, key: null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Key_auth_works_with_a_read_only_key_and_a_revoked_key_is_refused_and_closed()
    {
        var trader = await ApiClient.CreateAsync(_factory, "key-reader@test.local", xp: 100);
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(trader.OperatorId, "reader", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly));
        await using var stream = await UserStreamRecorder.StartAsync(_factory, created.Key!.Secret, transport: Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        Assert.Equal(100, Assert.IsType<UserSnapshotMessage>(stream.Messages[0]).Wallet.XpAvailable);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.Connection.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };

        // Revoking the key closes the connection it opened, saying why, and a new one with it is refused.
        Assert.True(await keys.RevokeAsync(trader.OperatorId, created.Key.Id));
        Assert.Contains("api_key_revoked", (await closed.Task.WaitAsync(TimeSpan.FromSeconds(15)))?.Message ?? "(closed without a reason)");
        await using var revoked = UserStreamRecorder.Build(_factory, created.Key.Secret);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => revoked.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>
    /// A key revoked after the request that opened the connection was authorized, but before the hub watched the
    /// connection (a client may hold its handshake for seconds), still closes it, saying why: the revocation's signal
    /// went out while nothing listened for this connection, so the hub reads the key back once it watches.
    /// </summary>
    [Fact]
    public async Task A_key_revoked_while_its_connection_opens_closes_the_connection()
    {
        var gate = new HoldConnects();
        await using var factory = new AppFactory { TestServices = services => services.Configure<HubOptions<UserHub>>(o => o.AddFilter(gate)) };
        var trader = await ApiClient.CreateAsync(factory, "key-racer@test.local", xp: 100);
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(trader.OperatorId, "racer", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly));
        await using var connection = UserStreamRecorder.Build(factory, created.Key!.Secret, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        var closed = WhenClosed(connection);
        await connection.StartAsync();
        await gate.Held.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(await keys.RevokeAsync(trader.OperatorId, created.Key.Id));
        gate.Release.SetResult();

        Assert.Contains("api_key_revoked", (await closed.Task.WaitAsync(TimeSpan.FromSeconds(15)))?.Message ?? "(closed without a reason)");
    }

    // Holds each connection between the authorized request that opened it and the hub's OnConnectedAsync.
    private sealed class HoldConnects : IHubFilter
    {
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            Held.TrySetResult();
            await Release.Task;
            await next(context);
        }
    }

    private static TaskCompletionSource<Exception?> WhenClosed(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        return closed;
    }

    private static async Task AssertRefusedAsync(HubConnection connection)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>A key whose IP allow-list leaves out the caller is refused as it connects with 403 <c>ip_not_allowed</c>, as on /api/v1.</summary>
    [Fact]
    public async Task A_key_used_from_outside_its_ip_allow_list_is_refused_at_negotiate_with_ip_not_allowed()
    {
        var trader = await ApiClient.CreateAsync(_factory, "key-networks@test.local", xp: 100);
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(trader.OperatorId, "office only", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly, AllowedNetworks: "10.0.0.0/8"));
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", created.Key!.Secret);

        var negotiate = await http.PostAsync(UserHub.Path + "/negotiate?negotiateVersion=1", null);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.Contains("ip_not_allowed", await negotiate.Content.ReadAsStringAsync());
        await using var refused = UserStreamRecorder.Build(_factory, created.Key.Secret);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() => refused.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task An_expiring_keys_connection_closes_when_the_key_expires_and_its_reconnect_is_refused()
    {
        var trader = await ApiClient.CreateAsync(_factory, "key-expiry@test.local", xp: 100);
        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        // Room for the key's insert, the socket, Subscribe and the snapshot on a loaded machine before it expires.
        var expiresAt = DateTime.UtcNow.AddSeconds(12);
        var created = await keys.CreateAsync(trader.OperatorId, "short-lived", new ApiKeyService.KeyOptions(ApiKeyScope.ReadOnly, expiresAt));
        // Over WebSockets only the request that opens the socket is authenticated: the expiry itself must close it.
        await using var stream = await UserStreamRecorder.StartAsync(_factory, created.Key!.Secret, transport: Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        var closed = WhenClosed(stream.Connection);
        await stream.WaitForAsync(m => m.Count > 0, "the snapshot");
        Assert.False(closed.Task.IsCompleted);

        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(DateTime.UtcNow >= expiresAt.AddMilliseconds(-20), "closed before the key expired");
        Assert.Contains("api_key_expired", reason?.Message ?? "(closed without a reason)");
        await using var again = UserStreamRecorder.Build(_factory, created.Key.Secret, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        await AssertRefusedAsync(again);
    }

    [Fact]
    public async Task Locking_an_account_out_closes_its_key_and_cookie_connections_and_refuses_them_after()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormLogin.RegisterAsync(client, "locked@test.local", "Operator1!");
        var login = await FormLogin.LoginAsync(client, "locked@test.local", "Operator1!");
        var cookies = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var userId = (await db.Users.SingleAsync(u => u.Email == "locked@test.local")).Id;
        var operatorId = (await _factory.Services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(userId))!.Value;
        var key = (await _factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(operatorId, "bot")).Key!.Secret;
        // A bystander's stream stays open.
        var bystander = await ApiClient.CreateAsync(_factory, "bystander@test.local");

        await using var byKey = await UserStreamRecorder.StartAsync(_factory, key, transport: Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        await using var byCookie = CookieConnection(cookies);
        var cookieSnapshot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        byCookie.On<UserSnapshotMessage>("Snapshot", _ => cookieSnapshot.TrySetResult());
        await byCookie.StartAsync();
        await byCookie.InvokeAsync("Subscribe", (long?)null);
        await using var other = await UserStreamRecorder.StartAsync(_factory, bystander.Key, transport: Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        await byKey.WaitForAsync(m => m.Count > 0, "the key connection's snapshot");
        await cookieSnapshot.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var keyClosed = WhenClosed(byKey.Connection);
        var cookieClosed = WhenClosed(byCookie);
        var otherClosed = WhenClosed(other.Connection);

        // As the admin users page does it.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            await users.SetLockoutEnabledAsync(user, true);
            Assert.True((await users.SetLockoutEndDateAsync(user, Web.Account.AccountLockout.ByAdministratorEnd)).Succeeded);
        }
        await Task.WhenAll(keyClosed.Task, cookieClosed.Task).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(otherClosed.Task.IsCompleted);
        // Each is told why.
        Assert.All([await keyClosed.Task, await cookieClosed.Task], reason => Assert.Contains("account_locked", reason?.Message ?? "(no reason)"));

        // The key is refused with 401; the cookie, still signed, gets a connection that is closed at once.
        await using var keyAgain = UserStreamRecorder.Build(_factory, key);
        await AssertRefusedAsync(keyAgain);
        await using var cookieAgain = CookieConnection(cookies);
        var closedAgain = WhenClosed(cookieAgain);
        try
        {
            await cookieAgain.StartAsync();
        }
        catch (Exception) when (cookieAgain.State == HubConnectionState.Disconnected)
        {
            closedAgain.TrySetResult(null);
        }
        await closedAgain.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private HubConnection CookieConnection(string cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, UserHub.Path), options =>
            {
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.Headers["Cookie"] = cookies;
            })
            .Build();

    /// <summary>
    /// A follower whose replica is rebuilt from the tables other than by one step passed over commands whose events it
    /// never published (or goes back to publish some again): every connection following a stream there gets a fresh
    /// snapshot, numbered above every event before it, and a client resuming from before the jump gets a snapshot too,
    /// never a replay with a hole in it.
    /// </summary>
    [Fact]
    public async Task A_replica_reload_sends_every_follower_a_fresh_snapshot_and_no_resume_reaches_back_past_it()
    {
        var trader = await ApiClient.CreateAsync(_factory, "reloaded@test.local", dollars: 100, xp: 1_000);
        await using var stream = await UserStreamRecorder.StartAsync(_factory, trader.Key);
        var resting = await PlaceAsync(trader.OperatorId, Side.Sell, 0.0300m, 10);
        await stream.WaitForAsync(m => m.OfType<UserBalanceMessage>().Any(), "the order's wallet");
        var beforeJump = stream.Sequences[^1];

        _factory.Services.GetRequiredService<ExchangeFeed>().Publish(new ReplicaReloaded(10, 20));

        await stream.WaitForAsync(m => m.OfType<UserSnapshotMessage>().Count() == 2, "the snapshot after the reload");
        var fresh = stream.Messages.OfType<UserSnapshotMessage>().Last();
        Assert.True(fresh.Sequence > beforeJump, $"the snapshot ({fresh.Sequence}) is numbered above the events before it ({beforeJump})");
        Assert.Equal(resting, Assert.Single(fresh.Orders).OrderId);
        // Events go on from the snapshot's number.
        await Trading.CancelAsync(trader.OperatorId, resting);
        await stream.WaitForAsync(m => m.Last() is UserBalanceMessage, "the cancel's wallet");
        Assert.True(stream.Sequences[^1] > fresh.Sequence);

        await using var resumed = await UserStreamRecorder.StartAsync(_factory, trader.Key, after: beforeJump);
        await resumed.WaitForAsync(m => m.Count > 0, "what a resume from before the jump gets");
        Assert.IsType<UserSnapshotMessage>(resumed.Messages[0]);
        await using var fromFresh = await UserStreamRecorder.StartAsync(_factory, trader.Key, after: fresh.Sequence);
        // The replay arrives as one message per event: wait for all of them, not only the first.
        var after = stream.Sequences.Where(s => s > fresh.Sequence).ToList();
        Assert.NotEmpty(after);
        await fromFresh.WaitForAsync(m => m.Count >= after.Count, "the events after the fresh snapshot");
        await Task.Delay(200);
        Assert.DoesNotContain(fromFresh.Messages, m => m is UserSnapshotMessage);
        Assert.Equal(after, fromFresh.Sequences);
    }

    [Fact]
    public async Task Resume_from_last_sequence_gets_exactly_the_missed_events()
    {
        var trader = await ApiClient.CreateAsync(_factory, "resume@test.local", dollars: 100, xp: 1_000);
        await using var witness = await UserStreamRecorder.StartAsync(_factory, trader.Key);
        var first = await UserStreamRecorder.StartAsync(_factory, trader.Key);
        await PlaceAsync(trader.OperatorId, Side.Sell, 0.0300m, 10);
        await first.WaitForAsync(m => m.OfType<UserBalanceMessage>().Any(), "the first order's wallet");
        var last = first.Sequences[^1];
        await first.DisposeAsync();

        // Missed while away: two orders and a cancel, each with its wallet (six events, within the eight kept).
        var second = await PlaceAsync(trader.OperatorId, Side.Sell, 0.0310m, 10);
        await PlaceAsync(trader.OperatorId, Side.Sell, 0.0320m, 10);
        await Trading.CancelAsync(trader.OperatorId, second);
        await witness.WaitForAsync(m => m.OfType<UserOrderMessage>().Count() == 4 && m.Last() is UserBalanceMessage, "every event");

        await using var resumed = await UserStreamRecorder.StartAsync(_factory, trader.Key, after: last);
        var missed = witness.Sequences.Where(s => s > last).ToList();
        await resumed.WaitForAsync(m => m.Count >= missed.Count, "the missed events");
        await Task.Delay(200);
        Assert.DoesNotContain(resumed.Messages, m => m is UserSnapshotMessage);
        Assert.Equal(missed, resumed.Sequences);
        Assert.Equal(witness.Orders.Where(o => o.Sequence > last).Select(o => (o.OrderId, o.Event)), resumed.Orders.Select(o => (o.OrderId, o.Event)));
    }

    [Fact]
    public async Task Too_old_sequence_gets_a_snapshot_and_the_stream_continues_from_it()
    {
        var trader = await ApiClient.CreateAsync(_factory, "too-old@test.local", dollars: 100, xp: 1_000);
        var first = await UserStreamRecorder.StartAsync(_factory, trader.Key);
        await first.WaitForAsync(m => m.Count > 0, "the snapshot");
        var last = Assert.IsType<UserSnapshotMessage>(first.Messages[0]).Sequence;
        await first.DisposeAsync();

        // Ten events while away: more than the eight kept.
        var resting = new List<long>();
        for (var i = 0; i < 5; i++)
            resting.Add(await PlaceAsync(trader.OperatorId, Side.Sell, 0.0300m + i * 0.0001m, 10));

        foreach (var after in new long?[] { last, last + 1_000_000 })
        {
            await using var resumed = await UserStreamRecorder.StartAsync(_factory, trader.Key, after: after);
            await resumed.WaitForAsync(m => m.Count > 0, "a snapshot");
            var snapshot = Assert.IsType<UserSnapshotMessage>(resumed.Messages[0]);
            Assert.Equal(resting, snapshot.Orders.Select(o => o.OrderId));
            Assert.Equal(10 * resting.Count, snapshot.Wallet.XpHeld);
            Assert.Equal(1_000 - 10 * resting.Count, snapshot.Wallet.XpAvailable);

            await Trading.CancelAsync(trader.OperatorId, resting[0]);
            resting.RemoveAt(0);
            await resumed.WaitForAsync(m => m.OfType<UserBalanceMessage>().Any(), "the cancel");
            Assert.Equal([snapshot.Sequence + 1, snapshot.Sequence + 2], resumed.Sequences);
            Assert.Equal("cancelled", resumed.Orders.Single().Event);
            // The next round's snapshot shows the order cancelled here gone and its XP back.
        }
    }

    [Fact]
    public async Task A_signed_in_browser_joins_its_own_stream_with_the_session_cookie()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormLogin.RegisterAsync(client, "cookie@test.local", "Operator1!");
        var login = await FormLogin.LoginAsync(client, "cookie@test.local", "Operator1!");
        var cookies = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var userId = (await db.Users.SingleAsync(u => u.Email == "cookie@test.local")).Id;
        var operatorId = await _factory.Services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(userId);
        await Operators.FundAsync(_factory.Services, operatorId!.Value, 0, 42);

        await using var cookieConnection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, UserHub.Path), options =>
            {
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.Headers["Cookie"] = string.Join("; ", cookies);
            })
            .Build();
        var snapshot = new TaskCompletionSource<UserSnapshotMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        cookieConnection.On<UserSnapshotMessage>("Snapshot", s => snapshot.TrySetResult(s));
        await cookieConnection.StartAsync();
        await cookieConnection.InvokeAsync("Subscribe", (long?)null);
        Assert.Equal(42, (await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10))).Wallet.XpAvailable);
    }
}
