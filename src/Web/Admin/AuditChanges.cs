using System.Text.Json.Nodes;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// What an audited change altered, read from the JSON before and after it: each value that differs, by its path
/// (<c>windowDays</c>, <c>tiers[4].feeRate</c>), with its value before and after. A parameter section is stored whole,
/// so a one-field change was shown as two blobs of a whole tier table to compare by eye.
/// </summary>
public static class AuditChanges
{
    /// <summary>The most changes listed for one entry; the full values stay available beside them.</summary>
    public const int MaxListed = 20;

    /// <summary>One value that differs: its path, and its JSON before and after (null where it was absent).</summary>
    public sealed record Change(string Path, string? Before, string? After);

    /// <summary>
    /// The values that differ between <paramref name="before"/> and <paramref name="after"/>, at most
    /// <see cref="MaxListed"/>; null unless each is a JSON object or array or absent (and not both absent), as plain
    /// text ("open", "$12.34") is shown as it is.
    /// </summary>
    public static IReadOnlyList<Change>? Of(string? before, string? after)
    {
        if (!TryRead(before, out var was) || !TryRead(after, out var now) || (was is null && now is null))
            return null;
        var changes = new List<Change>();
        Compare("", was, now, changes);
        return changes;
    }

    private static bool TryRead(string? text, out JsonNode? node)
    {
        node = null;
        if (string.IsNullOrEmpty(text))
            return true;
        var start = text.TrimStart();
        if (!start.StartsWith('{') && !start.StartsWith('['))
            return false;
        try
        {
            node = JsonNode.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static void Compare(string path, JsonNode? was, JsonNode? now, List<Change> changes)
    {
        if (changes.Count >= MaxListed)
            return;
        // A section or item that was absent on one side is compared as an empty one: its values are listed one by one.
        if (was is null && now is JsonObject or JsonArray)
            was = now is JsonObject ? new JsonObject() : new JsonArray();
        else if (now is null && was is JsonObject or JsonArray)
            now = was is JsonObject ? new JsonObject() : new JsonArray();
        if (was is JsonObject before && now is JsonObject after)
        {
            foreach (var name in before.Select(p => p.Key).Concat(after.Select(p => p.Key).Where(k => !before.ContainsKey(k))).ToList())
                Compare(path.Length == 0 ? name : $"{path}.{name}", before[name], after[name], changes);
            return;
        }
        if (was is JsonArray beforeItems && now is JsonArray afterItems)
        {
            for (var i = 0; i < Math.Max(beforeItems.Count, afterItems.Count); i++)
                Compare($"{path}[{i}]", i < beforeItems.Count ? beforeItems[i] : null, i < afterItems.Count ? afterItems[i] : null, changes);
            return;
        }
        var oldText = was?.ToJsonString();
        var newText = now?.ToJsonString();
        if (!string.Equals(oldText, newText, StringComparison.Ordinal))
            changes.Add(new Change(path.Length == 0 ? "value" : path, oldText, newText));
    }
}
