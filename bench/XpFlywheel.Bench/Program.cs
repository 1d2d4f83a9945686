using XpFlywheel.Bench;

// Sections: "--engine-only" (default) measures the matching engine and ledger alone. A host section (commands through
// the single-writer loop with SQLite group commit) can be added as another case without touching this one.
var section = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !a.Contains('=', StringComparison.Ordinal)) ?? "--engine-only";
var commands = Option("--commands=", 1_000_000);
var operators = Option("--operators=", 1_000);
var seed = Option("--seed=", 20261125);

switch (section)
{
    case "--engine-only":
        BenchReport.Print(EngineBenchmark.Run(commands, operators, seed), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown section {section}. Available: --engine-only [--commands=N] [--operators=N] [--seed=N]");
        return 2;
}

int Option(string prefix, int fallback) =>
    args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg ? int.Parse(arg[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture) : fallback;
