using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// The built app started as its own process, as a deploy starts it: <c>dotnet XpFlywheel.Web.dll</c>, production
/// settings, demo off, on a loopback port and a given database file. Its output is kept for assertions; disposing
/// kills it if it still runs.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for the app's address.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The web project's build output is copied beside this test assembly (the test project references it), with its
    /// runtimeconfig and appsettings.json, so that folder is both what runs and the content root.
    /// <paramref name="settings"/> are configuration keys (<c>Epochs:Length</c>), passed as environment variables.
    /// </summary>
    public static AppProcess Start(string folder, IReadOnlyDictionary<string, string>? settings = null)
    {
        var appFolder = AppContext.BaseDirectory;
        var app = Path.Combine(appFolder, "XpFlywheel.Web.dll");
        if (!File.Exists(app) || !File.Exists(Path.Combine(appFolder, "XpFlywheel.Web.runtimeconfig.json")))
            throw new FileNotFoundException($"The built app is not beside the tests in {appFolder}.", app);

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = appFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(app);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder, "app.db")}";
        start.Environment["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
        start.Environment["Demo__Enabled"] = "false";
        // Production needs a password only when an admin email is set; these processes create no admin.
        start.Environment["Admin__Email"] = "";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var running = new AppProcess(process, address);
        process.OutputDataReceived += (_, line) => running.Append(line.Data);
        process.ErrorDataReceived += (_, line) => running.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for <c>/health</c> to answer 200; fails with the process output if it exits or the bound passes.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        try
        {
            await WriterHealth.WaitUntilHealthyAsync(Http, () => _process.HasExited);
        }
        catch (TimeoutException)
        {
        }
        if (_process.HasExited || (await Http.GetAsync("/health")).StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"The app did not become healthy. Its output:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself within <paramref name="bound"/> and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The app still ran after {bound.TotalSeconds} s. Its output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Kills the process without warning (SIGKILL on Linux): no shutdown code runs, nothing is released by hand.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    // The test host usually runs under the same dotnet that must run the app; DOTNET_HOST_PATH names it when set.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
