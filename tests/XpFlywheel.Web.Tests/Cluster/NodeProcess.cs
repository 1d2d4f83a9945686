using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>
/// The app as its own process (the build output of the web project, <c>dotnet XpFlywheel.Web.dll</c>) on a free
/// loopback port against a PostgreSQL database, so a test can kill it with SIGKILL as an operating system would.
/// Its console goes to a log file in the test's folder.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly string _database;
    private readonly string _folder;
    private Process? _process;
    private StreamWriter? _log;

    public NodeProcess(string name, string database, string folder)
    {
        Name = name;
        _database = database;
        _folder = folder;
        Port = FreePort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public int Port { get; }
    public HttpClient Http { get; }
    public bool Running => _process is { HasExited: false };

    /// <summary>Settings given to the process as environment variables (<c>Section__Key</c>), over the defaults below.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>The exit code once the process has exited within <paramref name="within"/>; null while it runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan within)
    {
        if (_process is not { } process)
            return null;
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>What the process wrote to its console so far.</summary>
    public string Log()
    {
        if (_log is null)
            return "";
        lock (_log)
        {
            _log.Flush();
            using var read = new FileStream(Path.Combine(_folder, Name + ".log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(read).ReadToEnd();
        }
    }

    /// <summary>Starts the process (again, after a kill) on the same port.</summary>
    public void Start()
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "bin", "Debug", "net10.0", "XpFlywheel.Web.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("The web project's build output is missing: build XpFlywheel.Web.csproj first.", dll);
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{Port}"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Default"] = _database;
        start.Environment["DataProtection__KeysFolder"] = Path.Combine(_folder, "keys");
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Tiers__Window"] = "";
        start.Environment["RateLimits__ApiWeightPerMinute"] = "1000000";
        start.Environment["RateLimits__OrdersPer10Seconds"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__XpFlywheel"] = "Information";
        foreach (var (key, value) in Settings)
            start.Environment[key] = value;
        _log ??= new StreamWriter(Path.Combine(_folder, Name + ".log"), append: true) { AutoFlush = true };
        var log = _log;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (log) log.WriteLine(text); };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (log) log.WriteLine(text); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: no shutdown, no flush, the lease's session ends when the kernel closes the socket.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>
    /// SIGSTOP: the process stops where it is, as a frozen VM or a debugger's pause leaves it; its sockets, and so its
    /// database sessions and the writer lease, stay open. <see cref="Resume"/> lets it run on.
    /// </summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: a paused process runs on from where it stopped.</summary>
    public void Resume() => Signal(SigCont);

    private void Signal(int signal)
    {
        if (_process is { HasExited: false } process && kill(process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>The node's own report: its health status and role (<c>leader</c>, <c>follower</c>), or null when it does not answer.</summary>
    public async Task<(string Status, string? Role, long Sequence)?> HealthAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Accept.ParseAdd("application/json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await Http.SendAsync(request, timeout.Token);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var exchange = json.GetProperty("checks").GetProperty("exchange");
            string? role = null;
            long sequence = 0;
            if (exchange.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                role = data.TryGetProperty("role", out var r) ? r.GetString() : null;
                sequence = data.TryGetProperty("sequence", out var s) ? s.GetInt64() : 0;
            }
            return (json.GetProperty("status").GetString()!, role, sequence);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public async Task WaitHealthyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await HealthAsync() is { Status: "Healthy" })
                return;
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}; see {Path.Combine(_folder, Name + ".log")}.");
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not healthy within {within.TotalSeconds} s; see {Path.Combine(_folder, Name + ".log")}.");
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Http.Dispose();
        _log?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "XpFlywheel.Web.csproj")))
                return folder.FullName;
        }
        throw new DirectoryNotFoundException("No XpFlywheel.Web.csproj above " + AppContext.BaseDirectory);
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
