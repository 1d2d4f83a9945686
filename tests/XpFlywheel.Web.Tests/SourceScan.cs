using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests;

/// <summary>
/// The house-style scans of the app's own source (src/Web): every line of the files chosen that matches a forbidden
/// pattern, as "path:line: text", so a test can fail naming each.
/// </summary>
internal static class SourceScan
{
    /// <summary>The web project's folder, src/Web.</summary>
    public static string Web { get; } = WebFolder();

    /// <summary>
    /// Each line matching <paramref name="pattern"/> in the files under src/Web that <paramref name="include"/> keeps
    /// (every .razor file by default), as "path relative to src/Web:line number: trimmed line".
    /// </summary>
    public static List<string> Offences(Regex pattern, Func<string, bool>? include = null) =>
        Directory.EnumerateFiles(Web, "*.*", SearchOption.AllDirectories)
            .Where(include ?? (file => file.EndsWith(".razor", StringComparison.Ordinal)))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => pattern.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Web, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

    private static string WebFolder([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "src", "Web"));
}
