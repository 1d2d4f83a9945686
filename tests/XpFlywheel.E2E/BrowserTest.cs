using System.Runtime.CompilerServices;

namespace XpFlywheel.E2E;

/// <summary>Base for browser tests: each test body runs with a screenshot of every open page saved when it fails.</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture)
{
    public static readonly string ArtifactsFolder = Path.Combine(AppContext.BaseDirectory, "artifacts");

    protected BrowserFixture Fixture { get; } = fixture;

    private readonly List<IPage> _pages = [];

    protected async Task<IPage> OpenAsync(int width = 1280, int height = 800, Action<BrowserNewContextOptions>? configure = null)
    {
        var page = await Fixture.NewPageAsync(width, height, configure);
        _pages.Add(page);
        return page;
    }

    /// <summary>Waits until the page's circuit is up (the layout marks it), so clicks reach their handlers.</summary>
    protected static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page screenshot under <see cref="ArtifactsFolder"/> as <c>{name}.png</c>.</summary>
    protected static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, name + ".png"), FullPage = true });
    }

    protected async Task RunAsync(Func<Task> body, [CallerMemberName] string name = "")
    {
        try
        {
            await body();
        }
        catch
        {
            Directory.CreateDirectory(ArtifactsFolder);
            for (var i = 0; i < _pages.Count; i++)
                await _pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}-failure-{i}.png"), FullPage = true });
            throw;
        }
        finally
        {
            foreach (var page in _pages)
                await CloseAsync(page.Context);
            _pages.Clear();
        }
    }

    /// <summary>How long closing a test's browser context may take before the run moves on without it.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Closes a context, waiting at most <see cref="CloseTimeout"/>: Chromium can leave a close pending forever (a
    /// renderer that stopped answering on a loaded machine), and one such close must not hang the whole run once the
    /// test itself has finished. A context left open this way goes with the browser at the end of the run.
    /// </summary>
    public static async Task CloseAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"A browser context did not close within {CloseTimeout.TotalSeconds:0} s; the run goes on without waiting for it.");
        }
    }

    protected static async Task RegisterAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/RegisterConfirmation");
        // No mail leaves a test run: the confirmation link is in the development outbox, as for a newcomer on `dotnet run`.
        await page.GotoAsync("/dev/outbox");
        var message = page.GetByTestId("outbox-message").Filter(new() { Has = page.GetByTestId("outbox-to").GetByText(email, new() { Exact = true }) }).First;
        await message.GetByTestId("outbox-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-result")).ToContainTextAsync("your address is confirmed");
        await page.GetByTestId("confirm-login").ClickAsync();
        await page.WaitForURLAsync("**/Account/Login**");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    protected static async Task LoginAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }
}
