using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.E2E;

/// <summary>
/// The real app on Kestrel at a free loopback port with a fresh temporary database, and Debian's Chromium
/// driven by Playwright. Playwright never downloads a browser: it launches /usr/bin/chromium.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserFixture() =>
        App = new AppFactory { TestServices = services => services.AddScoped<IComponentActivator>(_ => Census.NewActivator()) };

    public AppFactory App { get; }

    /// <summary>Every component the app creates, by renderer (a circuit, a prerendered request), for the budget tests.</summary>
    public ComponentCensus Census { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        App.UseKestrel(port);
        App.StartServer();

        // Assertions wait as long as actions do: on a shared, loaded machine one circuit round trip can pass the
        // 5 s default (a menu's click was answered after it once), which is slowness, not a fault of the page.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        };
        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        // A page's load event waits for every script and style sheet: on a loaded two-core machine the first /market
        // after signing in once took over 15 s to fire it while the page itself was already drawn and live.
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            // Bounded as a context's close is (BrowserTest.CloseAsync): a wedged Chromium must not hang the end of the run.
            try
            {
                await Browser.DisposeAsync().AsTask().WaitAsync(BrowserTest.CloseTimeout);
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine($"The browser did not close within {BrowserTest.CloseTimeout.TotalSeconds:0} s.");
            }
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// A separate app for the tests that walk every page (menus, themes, phone width, accessibility): they leave orders
/// and trades behind that must not show up in the market tests' order book.
/// </summary>
public sealed class PagesBrowserFixture : BrowserFixture;

[CollectionDefinition(Name)]
public sealed class PagesBrowserCollection : ICollectionFixture<PagesBrowserFixture>
{
    public const string Name = "pages-browser";
}

/// <summary>The app in demo mode: seeded population and bots, as a newcomer's first start.</summary>
public sealed class DemoBrowserFixture : BrowserFixture
{
    public DemoBrowserFixture() => App.Settings["Demo:Enabled"] = "true";
}

[CollectionDefinition(Name)]
public sealed class DemoBrowserCollection : ICollectionFixture<DemoBrowserFixture>
{
    public const string Name = "demo-browser";
}
