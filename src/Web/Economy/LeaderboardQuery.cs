namespace XpFlywheel.Web.Economy;

/// <summary>One request for a page of the leaderboard. The default is the spec's order: trust, locked XP, age.</summary>
public sealed record LeaderboardQuery(string? Search = null, LeaderboardSort Sort = LeaderboardSort.Trust, bool Descending = true, int PageIndex = 0, int PageSize = 25)
{
    /// <summary>
    /// Why <paramref name="search"/> cannot be searched for, or null when it can (or is empty): a control character
    /// inside it (U+0000 to U+001F, U+007F to U+009F; a database reads U+0000 as the end of the text, so "%00" matched
    /// every agent), or a lone surrogate, neither of which any name holds.
    /// </summary>
    public static string? SearchProblem(string? search)
    {
        var text = search?.Trim() ?? "";
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
                return $"search holds a control character (U+{(int)text[i]:X4}), which no agent or operator name has: send the text to look for.";
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return "search holds a broken character (a lone surrogate): send valid Unicode text.";
        }
        return null;
    }

    /// <summary>
    /// The search as names are stored and compared: trimmed and in Unicode normalization form C, so "E" followed by a
    /// combining acute accent finds the names holding "É" as one character. Null when there is nothing to search for,
    /// or the search cannot be searched for (<see cref="SearchProblem"/>).
    /// </summary>
    public string? SearchText =>
        string.IsNullOrWhiteSpace(Search) || SearchProblem(Search) is not null ? null : Search.Trim().Normalize(System.Text.NormalizationForm.FormC);
}
