using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;

namespace XpFlywheel.Bench;

/// <summary>
/// What a Blazor circuit on <c>/market</c> costs the server. The whole app runs in this process on Kestrel at a
/// loopback port; headless Chromium (Playwright, one browser process, one isolated context per circuit, all signed in
/// as one operator) opens <c>browsers</c> pages on <c>/market</c>. Managed heap is
/// <see cref="GC.GetTotalMemory(bool)"/> after a full collection in this process, which is the server's heap plus the
/// bench's own Playwright proxies. The pages open twice: the first round grows what outlives any page (pooled
/// buffers, threads), so the figure per idle circuit is the second round's heap less the heap after the first round
/// closed, both with the same proxies alive. A circuit counter (a bench-only <see cref="CircuitHandler"/>) proves every
/// page holds a live circuit when measured, and a bench-only <see cref="IComponentActivator"/> counts the components
/// they keep.
/// </summary>
public static class CircuitBenchmark
{
    private const string Email = "circuits@bench.local";
    private const string Password = "Bench123!";

    public static async Task<CircuitResult> RunAsync(int browsers, int orders, int rate, int seed, int holdSeconds = 0)
    {
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("xpflywheel-circuits-");
        var circuits = new CircuitCounter();
        var census = new ComponentCensus();
        await using var app = new BenchApp(folder.FullName, browsers, services =>
        {
            services.AddSingleton<CircuitHandler>(circuits);
            services.AddSingleton<IComponentActivator>(census);
            // A page that closes without telling the server would keep its circuit for three minutes; the bench
            // counts circuits down to zero, so it lets them go after two seconds.
            services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(2));
        });
        app.UseKestrel(port);
        app.StartServer();
        var services = app.Services;
        await services.GetRequiredService<ExchangeHost>().Ready;
        var trading = services.GetRequiredService<TradingService>();
        var seller = await CreateOperatorAsync(services, "circuits-seller@bench.local");
        var buyer = await CreateOperatorAsync(services, "circuits-buyer@bench.local");
        await CreateOperatorAsync(services, Email);
        foreach (var (id, other) in new[] { (seller, buyer), (buyer, seller) })
        {
            await trading.DepositAsync(id, Cash.FromDollars(10_000_000));
            await trading.GrantXpAsync(id, 1_000_000_000, Actor.System("bench"));
        }
        // A book of 20 levels a side and a few trades, so every panel of the screen has something to draw.
        for (var i = 0; i < 20; i++)
        {
            await trading.PlaceAsync(seller, new PlaceOrderRequest(Side.Sell, OrderType.Limit, 0.0201m + i * 0.0001m, 100 + i));
            await trading.PlaceAsync(buyer, new PlaceOrderRequest(Side.Buy, OrderType.Limit, 0.0199m - i * 0.0001m, 100 + i));
        }
        for (var i = 0; i < 10; i++)
            await trading.PlaceAsync(i % 2 == 0 ? buyer : seller, new PlaceOrderRequest(i % 2 == 0 ? Side.Buy : Side.Sell, OrderType.Market, null, 5, TimeInForce.Ioc));

        var baseUrl = $"http://127.0.0.1:{port}";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var signedIn = await SignInAsync(browser, baseUrl);
        await WaitForCircuitsAsync(circuits, 0);

        var pages = await NewPagesAsync(browser, baseUrl, signedIn, browsers);
        var blank = Heap();

        // First round: all pages load at once; time to interactive is navigation start to the layout marking its
        // circuit up. The first load of N pages at once also grows what outlives them (the shared ArrayPool that
        // render-tree buffers come from, Kestrel's and SignalR's pooled buffers, thread-pool threads), so the heap
        // with the pages idle, less the heap after they closed, is what the circuits themselves hold.
        var interactive = await OpenMarketAsync(pages);
        await WaitForCircuitsAsync(circuits, browsers);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var firstIdle = Heap();
        await CloseAsync(pages);
        await WaitForCircuitsAsync(circuits, 0);
        // A closed circuit can stay reachable a while after it closed (seen: one or two of ten, whole); counted in the
        // baseline it would hide as much from the figure per circuit, so wait up to 90 s for every component to go.
        var leftover = await WaitForComponentsGoneAsync(census);
        var closed = Heap();

        // Second round, on warm pools: the figure per idle circuit.
        pages = await NewPagesAsync(browser, baseUrl, signedIn, browsers);
        await OpenMarketAsync(pages);
        await WaitForCircuitsAsync(circuits, browsers);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idle = Heap();
        var components = census.Live();
        var buffers = census.Buffers();
        if (holdSeconds > 0)
        {
            // Time to look inside, e.g. `dotnet-gcdump collect -p <pid>`: the idle circuits stay open meanwhile.
            Console.WriteLine($"Holding {browsers} idle circuits for {holdSeconds} s in process {Environment.ProcessId}.");
            await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
        }

        // The same pages, left for about:blank: the browser proxies this process holds for them stay, the circuits go.
        // The heap with the circuits less this is what the circuits hold and nothing of the bench's own.
        foreach (var page in pages)
            await page.GotoAsync("about:blank");
        await WaitForCircuitsAsync(circuits, 0);
        await WaitForComponentsGoneAsync(census);
        var samePagesBlank = Heap();
        await OpenMarketAsync(pages);
        await WaitForCircuitsAsync(circuits, browsers);

        // The market moves: every circuit follows book changes, trades and the ticker.
        var random = new Random(seed);
        var load = Stopwatch.StartNew();
        for (var i = 0; i < orders; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - load.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            await trading.PlaceAsync(side == Side.Buy ? buyer : seller,
                new PlaceOrderRequest(side, OrderType.Limit, 0.0190m + random.Next(21) * 0.0001m, random.Next(1, 200)));
        }
        var loadTime = load.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var open = circuits.Open;
        var live = Heap();

        // Close every page and measure the same market with no circuit: what stays is shared, not per circuit.
        await CloseAsync(pages);
        await WaitForCircuitsAsync(circuits, 0);
        await WaitForComponentsGoneAsync(census);
        var none = Heap();

        Array.Sort(interactive);
        return new CircuitResult(browsers, open, orders, loadTime, interactive, blank, firstIdle, closed, idle, samePagesBlank, live, none, components, leftover, buffers);
    }

    private static async Task<IPage[]> NewPagesAsync(IBrowser browser, string baseUrl, string signedIn, int browsers)
    {
        var pages = new IPage[browsers];
        for (var i = 0; i < browsers; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, StorageState = signedIn });
            context.SetDefaultTimeout(120_000);
            pages[i] = await context.NewPageAsync();
        }
        return pages;
    }

    private static Task<double[]> OpenMarketAsync(IPage[] pages) => Task.WhenAll(pages.Select(async page =>
    {
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/market");
        await page.Locator("[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return clock.Elapsed.TotalMilliseconds;
    }));

    private static async Task CloseAsync(IPage[] pages)
    {
        foreach (var page in pages)
        {
            await page.GotoAsync("about:blank");
            await page.Context.CloseAsync();
        }
    }

    // Finalizers run first, so what they would free (and what only they kept) is not counted.
    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<string> SignInAsync(IBrowser browser, string baseUrl)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        var state = await context.StorageStateAsync();
        // One visit warms what every circuit shares (compiled code, component metadata, caches), so the figures
        // below are the cost of one more circuit, not of the first.
        await page.GotoAsync("/market");
        await page.Locator("[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync("about:blank");
        return state;
    }

    private static async Task<IReadOnlyList<(string Type, int Count)>> WaitForComponentsGoneAsync(ComponentCensus census)
    {
        var waited = Stopwatch.StartNew();
        var live = census.Live();
        while (live.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(1_000);
            Heap();
            live = census.Live();
        }
        Console.WriteLine($"Components of closed circuits gone after {waited.Elapsed.TotalSeconds:F0} s ({live.Sum(c => c.Count)} left).");
        return live;
    }

    // Circuits close when the browser says it left; a page that vanished without saying so would linger, so wait.
    private static async Task WaitForCircuitsAsync(CircuitCounter circuits, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (circuits.Open != expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        if (circuits.Open != expected)
            throw new InvalidOperationException($"Expected {expected} open circuits, found {circuits.Open}.");
    }

    private static async Task<long> CreateOperatorAsync(IServiceProvider services, string email)
    {
        using var scope = services.CreateScope();
        var (user, _) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, Password);
        return (await services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user!.Id))!.Value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CircuitCounter : CircuitHandler
    {
        private int _open;

        public int Open => Volatile.Read(ref _open);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }
    }
}

/// <summary>One circuit-cost run: heap per idle and per live /market circuit and time to interactive.</summary>
public sealed record CircuitResult(
    int Browsers, int OpenWhenLive, int Orders, TimeSpan LoadTime, double[] InteractiveMs,
    long BlankHeap, long FirstIdleHeap, long ClosedHeap, long IdleHeap, long SamePagesBlankHeap, long LiveHeap, long NoCircuitHeap,
    IReadOnlyList<(string Type, int Count)> IdleComponents, IReadOnlyList<(string Type, int Count)> LeftoverComponents,
    IReadOnlyList<(string Type, int Count, long Bytes)> IdleBuffers)
{
    public double Percentile(double p) =>
        InteractiveMs.Length == 0 ? 0 : InteractiveMs[Math.Min(InteractiveMs.Length - 1, (int)Math.Ceiling(p * InteractiveMs.Length) - 1)];

    public void Print(TextWriter output)
    {
        static string Kb(double bytes) => $"{bytes / 1024:N0} KB";
        output.WriteLine($"Circuits: {Browsers} signed-in /market pages (headless Chromium, one context each), {Orders:N0} orders in {LoadTime.TotalSeconds:F1} s");
        output.WriteLine($"  managed heap, pages on about:blank   {BlankHeap / 1_048_576.0,8:F1} MB");
        output.WriteLine($"  managed heap, first idle round       {FirstIdleHeap / 1_048_576.0,8:F1} MB   less blank pages {Kb((FirstIdleHeap - BlankHeap) / (double)Browsers)} a page (the old figure: includes pools the first load grew)");
        output.WriteLine($"  managed heap, those pages closed     {ClosedHeap / 1_048_576.0,8:F1} MB   first round less closed {Kb((FirstIdleHeap - ClosedHeap) / (double)Browsers)} a circuit");
        output.WriteLine($"  managed heap, idle circuits          {IdleHeap / 1_048_576.0,8:F1} MB   second round less closed {Kb((IdleHeap - ClosedHeap) / (double)Browsers)} a circuit (with the bench's page proxies)");
        output.WriteLine($"  managed heap, same pages on blank    {SamePagesBlankHeap / 1_048_576.0,8:F1} MB   per idle circuit {Kb((IdleHeap - SamePagesBlankHeap) / (double)Browsers)} (second round less the same pages on about:blank)");
        output.WriteLine($"  managed heap, after the market moved {LiveHeap / 1_048_576.0,8:F1} MB   per live circuit {Kb((LiveHeap - NoCircuitHeap) / (double)Browsers)} ({OpenWhenLive} open)");
        output.WriteLine($"  managed heap, same market, no pages  {NoCircuitHeap / 1_048_576.0,8:F1} MB");
        output.WriteLine($"  time to interactive ms  p50 {Percentile(0.50):F0}  p90 {Percentile(0.90):F0}  max {Percentile(1.0):F0}");
        // Live component instances with the pages idle, per circuit (the warm-up visit's circuit is closed by then).
        output.WriteLine($"  components per idle circuit {IdleComponents.Sum(c => c.Count) / (double)Browsers:F1}");
        foreach (var (type, count) in IdleComponents)
            output.WriteLine($"    {count / (double)Browsers,6:F1}  {type}");
        output.WriteLine($"  render-tree buffers per idle circuit {Kb(IdleBuffers.Sum(b => b.Bytes) / (double)Browsers)}, largest:");
        foreach (var (type, count, bytes) in IdleBuffers.Take(15))
            output.WriteLine($"    {Kb(bytes / (double)Browsers),9}  {type} ×{count / (double)Browsers:F1}");
        // What outlived the closed pages after the wait: anything here is held by something other than a circuit.
        output.WriteLine($"  components alive after the first round closed {LeftoverComponents.Sum(c => c.Count)}: {string.Join(", ", LeftoverComponents.Select(c => $"{c.Type} ×{c.Count}"))}");
    }
}
