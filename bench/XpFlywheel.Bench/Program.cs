using XpFlywheel.Bench;

// Sections: "--all" (default) runs both; "--engine-only" measures the matching engine and ledger alone; "--host" sends
// the same stream through the single-writer host with SQLite group commit and measures command-to-durable;
// "--no-replay" skips its rebuild of the journal on a fresh database, and it times a restart on the run's database;
// "--fanout" hosts the app on Kestrel and follows the market with N hub clients (in this process, or spread over
// "--client-processes=N" child processes started as "--fanout-clients"; "--wire" makes them bare-socket clients of the
// JSON hub protocol instead of HubConnections, "--book-only" such clients taking the book channel alone); "--circuits" opens N browser pages on
// /market and measures server heap per circuit and time to interactive; "--scale" fills the open epoch with
// operators, agents and jobs by SQL and times the epoch preview, pages, "--tabs=N" browser tabs left open a minute
// (CPU, memory) and the close (none is part of "--all").
var section = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !a.Contains('=', StringComparison.Ordinal)) ?? "--all";
var commands = Option("--commands=", 1_000_000);
var operators = Option("--operators=", 1_000);
var seed = Option("--seed=", 20261125);

switch (section)
{
    case "--engine-only":
        BenchReport.Print(EngineBenchmark.Run(commands, operators, seed), Console.Out);
        return 0;
    case "--host":
        BenchReport.Print(await HostBenchmark.RunAsync(commands, operators, seed, Option("--in-flight=", 512), replay: !args.Contains("--no-replay")), Console.Out);
        return 0;
    case "--fanout":
        (await FanOutBenchmark.RunAsync(Option("--clients=", 1_000), Option("--orders=", 3_000), Option("--rate=", 200), seed,
            combined: args.Contains("--combined"), clientProcesses: Option("--client-processes=", 0), wire: args.Contains("--wire") || args.Contains("--book-only"), bookOnly: args.Contains("--book-only"))).Print(Console.Out);
        return 0;
    case "--fanout-clients":
        return await FanOutClients.RunAsync(Text("--url=") ?? throw new ArgumentException("--url= is required"), Option("--clients=", 100), args.Contains("--combined"), args.Contains("--wire") || args.Contains("--book-only"), args.Contains("--book-only"));
    case "--scale":
        await ScaleBenchmark.RunAsync(Option("--operators=", 10_000), Option("--agents=", 100_000), Option("--jobs=", 2_000_000), Console.Out, Option("--tabs=", 10),
            viaCommands: args.Contains("--via-commands"), linesPerPart: Option("--lines-per-part=", 500));
        return 0;
    case "--circuits":
        (await CircuitBenchmark.RunAsync(Option("--browsers=", 50), Option("--orders=", 1_000), Option("--rate=", 50), seed, Option("--hold=", 0))).Print(Console.Out);
        return 0;
    case "--cluster":
        await ClusterBenchmark.RunAsync(Text("--postgres=") ?? throw new ArgumentException("--postgres= (a server connection string whose user may create databases) is required"),
            Option("--commands=", 20_000), Option("--operators=", 1_000), seed, Option("--in-flight=", 256), Console.Out);
        return 0;
    case "--transport":
        await TransportBenchmark.RunAsync(Text("--postgres=") ?? throw new ArgumentException("--postgres= (a server connection string whose user may create databases) is required"),
            Text("--redis=") ?? throw new ArgumentException("--redis= (host:port of a Redis server) is required"),
            Option("--messages=", 20_000), [1, Option("--in-flight=", 256)], Console.Out);
        return 0;
    case "--all":
        BenchReport.Print(EngineBenchmark.Run(commands, operators, seed), Console.Out);
        Console.WriteLine();
        BenchReport.Print(await HostBenchmark.RunAsync(commands, operators, seed), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown section {section}. Available: --engine-only | --host | --all [--commands=N] [--in-flight=N] [--no-replay] [--operators=N] [--seed=N] | --fanout [--clients=N] [--orders=N] [--rate=N] [--combined] [--wire] [--book-only] [--client-processes=N] | --scale [--operators=N] [--agents=N] [--jobs=N] [--tabs=N] [--via-commands] | --circuits [--browsers=N] [--orders=N] [--rate=N] [--hold=seconds] | --cluster --postgres=CONNECTION [--commands=N] [--in-flight=N] | --transport --postgres=CONNECTION --redis=HOST:PORT [--messages=N] [--in-flight=N]");
        return 2;
}

string? Text(string prefix) => args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

int Option(string prefix, int fallback) =>
    args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg ? int.Parse(arg[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture) : fallback;
