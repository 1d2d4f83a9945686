using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Bench;

/// <summary>
/// Tabs left open at scale: headless Chromium (Debian's, one context per tab) keeps <c>tabs</c> pages open on /epochs,
/// /leaderboard and /admin (signed in as the admin) in turn, while jobs are recorded at 2 a second for
/// <c>seconds</c>, then for 30 s more with no jobs. Every 10 s it samples the app process's CPU (the app runs in this
/// process; Chromium is not counted), working set and managed heap: flat figures mean the pages' previews and
/// refreshes neither pile up nor keep running after the work stops.
/// </summary>
internal static class ScaleTabs
{
    private const string AdminEmail = "admin@bench.local";
    private const string AdminPassword = "Admin123!";
    private const string Password = "Bench123!";

    public static async Task RunAsync(IServiceProvider services, string baseUrl, TextWriter output, int tabs = 10, int seconds = 60)
    {
        var (client, clientAgent) = await OperatorWithAgentAsync(services, "tabs-client@bench.local");
        var (_, providerAgent) = await OperatorWithAgentAsync(services, "tabs-provider@bench.local");
        await services.GetRequiredService<TradingService>().DepositAsync(client, Cash.FromDollars(100_000));

        // What one job costs the writer at this scale, before any tab is open: each is a command of its own.
        var jobService = services.GetRequiredService<JobService>();
        var alone = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await jobService.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: true);
            alone.Add(watch.Elapsed.TotalMilliseconds);
        }
        alone.Sort();
        output.WriteLine($"  job recorded alone (20 in a row): median {alone[10]:F0} ms, max {alone[^1]:F0} ms");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var admin = await SignInAsync(browser, baseUrl);
        var paths = new[] { "/epochs", "/leaderboard", "/admin" };
        var opened = Stopwatch.StartNew();
        var pages = await Task.WhenAll(Enumerable.Range(0, tabs).Select(async i =>
        {
            var path = paths[i % paths.Length];
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl, StorageState = path == "/admin" ? admin : null,
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(path, new() { Timeout = 120_000 });
            await page.Locator("[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
            return (Context: context, Path: path);
        }));
        output.WriteLine($"  {tabs} tabs open ({string.Join(", ", pages.GroupBy(p => p.Path).Select(g => $"{g.Count()} × {g.Key}"))}) in {opened.Elapsed.TotalSeconds:F1} s");

        using var stop = new CancellationTokenSource();
        var jobs = services.GetRequiredService<JobService>();
        var recorded = 0;
        var jobTimes = new List<double>();
        var recording = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var result = await jobs.RecordAsync(client, clientAgent, providerAgent, 5m, succeeded: true);
                jobTimes.Add(watch.Elapsed.TotalMilliseconds);
                if (result.Succeeded)
                    recorded++;
                await Task.Delay(500);
            }
        });

        output.WriteLine("  | since tabs opened | jobs | app CPU (cores) | working set | managed heap |");
        output.WriteLine("  |---|---|---|---|---|");
        using var self = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var lastCpu = self.TotalProcessorTime;
        var lastAt = clock.Elapsed;
        for (var sample = 1; sample <= (seconds + 30) / 10; sample++)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            if (clock.Elapsed >= TimeSpan.FromSeconds(seconds) && !stop.IsCancellationRequested)
            {
                await stop.CancelAsync();
                await recording;
            }
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var now = clock.Elapsed;
            var cores = (cpu - lastCpu).TotalSeconds / (now - lastAt).TotalSeconds;
            output.WriteLine($"  | {now.TotalSeconds,5:F0} s | {(stop.IsCancellationRequested ? "stopped" : "2/s")} | {cores:F2} | {self.WorkingSet64 / 1_048_576.0:F0} MB | {GC.GetTotalMemory(false) / 1_048_576.0:F0} MB |");
            lastCpu = cpu;
            lastAt = now;
        }
        jobTimes.Sort();
        output.WriteLine($"  jobs recorded while the tabs were open: {recorded}, each taking median {jobTimes[jobTimes.Count / 2]:F0} ms, max {jobTimes[^1]:F0} ms");
        foreach (var (context, _) in pages)
            await context.CloseAsync();
    }

    private static async Task<(long Operator, long Agent)> OperatorWithAgentAsync(IServiceProvider services, string email)
    {
        long operatorId;
        using (var scope = services.CreateScope())
        {
            var (user, result) = await scope.ServiceProvider.GetRequiredService<OperatorRegistration>().RegisterAsync(email, Password);
            if (user is null)
                throw new InvalidOperationException($"Registering {email} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            operatorId = (await services.GetRequiredService<OperatorDirectory>().FindOperatorIdAsync(user.Id))!.Value;
        }
        var agent = await services.GetRequiredService<AgentService>().RegisterAsync(operatorId, email.Split('@')[0], null);
        return (operatorId, agent.Value!.Id);
    }

    private static async Task<string> SignInAsync(IBrowser browser, string baseUrl)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return await context.StorageStateAsync();
    }
}
