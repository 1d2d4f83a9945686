using System.Globalization;
using System.Text;

namespace XpFlywheel.Core.Primitives;

/// <summary>
/// The one rule for text that people choose and others read: names (of agents, of API keys) and descriptions.
/// </summary>
/// <remarks>
/// <para>
/// A name is one line of Unicode letters, digits (Nd), spaces and the punctuation in <see cref="NamePunctuation"/>,
/// with combining marks after a letter or digit (at most <see cref="MaxMarksInARow"/> in a row). It needs at least
/// one letter or digit. <see cref="NormalizeName"/> puts it in NFC, turns every run of space separators (Zs, such as
/// a no-break space) into one space and trims the ends.
/// </para>
/// <para>
/// A description may also hold any number (N), punctuation (P) and symbol (S, emoji included), zero-width joiners
/// (which emoji sequences and some scripts need) and line breaks: paragraphs are welcome. <see cref="NormalizeDescription"/>
/// turns CRLF and CR into LF, puts the text in NFC and trims the ends.
/// </para>
/// <para>
/// Both refuse control characters (bell, NUL, tab; line breaks in names), invisible formatting characters such as
/// U+202E RIGHT-TO-LEFT OVERRIDE or a zero-width space, every other default-ignorable code point
/// (<see cref="IsDefaultIgnorable"/>: the Hangul fillers, U+034F, …; descriptions keep the zero-width joiners and
/// the variation selectors their emoji need), private-use and unassigned code points, and lone surrogates: they can
/// hide text, reorder what others see, or make two names look alike.
/// </para>
/// <para>
/// Two names are the same name when their <see cref="NameKey"/>s are equal: compatibility-decomposed (NFKD), upper case
/// by .NET's invariant rules with the sharp s as "SS", composed again, so "école", "ÉCOLE" and the decomposed
/// "e\u0301cole" are one name, and so are the look-alikes "abc" and fullwidth "ａｂｃ", "fire" and "ﬁre" with its
/// ligature, "Straße" and "STRASSE", "İ" and "i\u0307"; and the Cyrillic, Greek and Armenian letters drawn as Latin
/// ones count as those (<see cref="LatinLookAlike"/>), so "dеmо" with Cyrillic "е" and "о" is "demo".
/// </para>
/// </remarks>
public static class DisplayText
{
    /// <summary>The punctuation a name may hold besides letters, digits and spaces.</summary>
    public const string NamePunctuation = "-_.'()&";

    /// <summary>The most combining marks a name or description may stack on one character.</summary>
    public const int MaxMarksInARow = 4;

    private const char ZeroWidthNonJoiner = '\u200C';
    private const char ZeroWidthJoiner = '\u200D';

    /// <summary>The name as it is stored and shown: NFC, runs of spaces collapsed to one space, ends trimmed.</summary>
    public static string NormalizeName(string? text)
    {
        var builder = new StringBuilder();
        var pendingSpace = false;
        foreach (var rune in Nfc(text).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The description as it is stored and shown: line breaks as LF, NFC, ends trimmed.</summary>
    public static string NormalizeDescription(string? text) =>
        Nfc(text?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')).Trim();

    /// <summary>
    /// Why a normalised name is refused, as a phrase to follow "The name" (such as "cannot contain U+202E"), or null
    /// when it is acceptable. Length and emptiness are the caller's to check, with its own limits and words.
    /// </summary>
    public static string? NameProblem(string normalized)
    {
        if (FirstRefused(normalized, AllowedInName) is { } refused)
            return $"cannot contain {Describe(refused)}; use letters, digits, spaces and {string.Join(' ', NamePunctuation.ToCharArray())}";
        if (!normalized.EnumerateRunes().Any(r => Rune.IsLetter(r) || Rune.IsDigit(r)))
            return "needs at least one letter or digit";
        return MarksProblem(normalized);
    }

    /// <summary>
    /// Why a normalised description is refused, as a phrase to follow "The description", or null when it is acceptable.
    /// </summary>
    public static string? DescriptionProblem(string normalized) =>
        FirstRefused(normalized, AllowedInDescription) is { } refused
            ? $"cannot contain {Describe(refused)}; control and invisible formatting characters are not allowed"
            : MarksProblem(normalized);

    /// <summary>
    /// The key two names are compared by: the normalised name decomposed by compatibility (NFKD, Unicode UAX #15, which
    /// folds fullwidth letters, ligatures and superscripts into their plain forms and splits accents from their
    /// letters), upper case by invariant rules, the sharp s as "SS" (the one letter whose capital is two: Unicode's full
    /// case folding, CaseFolding.txt), each Cyrillic, Greek or Armenian capital drawn as a Latin one taken as that one
    /// (<see cref="LatinLookAlike"/>), then composed again (NFKC). So "Straße" and "STRASSE" are one name, and so are
    /// "İ" and "i" with a combining dot above, and "demo" and "dеmо" spelled with Cyrillic "е" and "о".
    /// </summary>
    public static string NameKey(string name)
    {
        var upper = NormalizeName(name).Normalize(NormalizationForm.FormKD).ToUpperInvariant();
        if (upper.AsSpan().IndexOfAny(SharpS) >= 0)
            upper = upper.Replace("\u00DF", "SS", StringComparison.Ordinal).Replace("\u1E9E", "SS", StringComparison.Ordinal);
        if (upper.AsSpan().IndexOfAny(LatinLookAlikes) >= 0)
            upper = string.Create(upper.Length, upper, static (span, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                    span[i] = LatinLookAlike(text[i]);
            });
        return upper.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// The Latin capital that the Cyrillic, Greek or Armenian capital <paramref name="c"/> is drawn as (Unicode's
    /// confusables, UTS #39, for these scripts' capitals), or <paramref name="c"/> itself. Name keys compare names in
    /// capitals, so two names are one when, written in capitals, they look the same: "dеmо" with Cyrillic "е" and "о"
    /// is "DEMO", and so is "demo"; Cyrillic "кот" is "KOT" as "Kot" is. A small letter that looks Latin only in its
    /// small form (Komi "ԁ", Shha "һ") is not caught, and whole-script names with other letters stay their own
    /// ("Дмитрий" is not "Dmitry").
    /// </summary>
    public static char LatinLookAlike(char c) => c switch
    {
        '\u0410' or '\u0391' => 'A',
        '\u0412' or '\u0392' => 'B',
        '\u0421' => 'C',
        '\u0415' or '\u0395' => 'E',
        '\u03DC' => 'F',
        '\u041D' or '\u0397' => 'H',
        '\u0406' or '\u04C0' or '\u0399' => 'I',
        '\u0408' or '\u037F' => 'J',
        '\u041A' or '\u039A' => 'K',
        '\u053C' => 'L',
        '\u041C' or '\u039C' => 'M',
        '\u039D' => 'N',
        '\u041E' or '\u039F' or '\u0555' => 'O',
        '\u0420' or '\u03A1' => 'P',
        '\u051A' => 'Q',
        '\u0405' or '\u054F' => 'S',
        '\u0422' or '\u03A4' => 'T',
        '\u054D' => 'U',
        '\u0474' => 'V',
        '\u051C' => 'W',
        '\u0425' or '\u03A7' => 'X',
        '\u0423' or '\u04AE' or '\u03A5' => 'Y',
        '\u0396' => 'Z',
        _ => c,
    };

    // Every capital LatinLookAlike maps, so a name without one skips the mapping.
    private static readonly System.Buffers.SearchValues<char> LatinLookAlikes = System.Buffers.SearchValues.Create(
        "\u0410\u0391\u0412\u0392\u0421\u0415\u0395\u03DC\u041D\u0397\u0406\u04C0\u0399\u0408\u037F\u041A\u039A\u053C"
        + "\u041C\u039C\u039D\u041E\u039F\u0555\u0420\u03A1\u051A\u0405\u054F\u0422\u03A4\u054D\u0474\u051C\u0425\u03A7\u0423\u04AE\u03A5\u0396");

    // U+00DF LATIN SMALL LETTER SHARP S and U+1E9E LATIN CAPITAL LETTER SHARP S: invariant upper case keeps each as it is.
    private static readonly System.Buffers.SearchValues<char> SharpS = System.Buffers.SearchValues.Create("\u00DF\u1E9E");

    /// <summary>
    /// Whether <paramref name="rune"/> is a default-ignorable code point (Unicode's Default_Ignorable_Code_Point
    /// property, DerivedCoreProperties.txt, Unicode 15.1): a character that renders as nothing where it is not
    /// understood. Most are formatting characters (U+200B, U+2060, U+FEFF), but some are letters or marks by category:
    /// the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 (a "name" of which looks blank), U+034F COMBINING GRAPHEME
    /// JOINER, U+17B4–U+17B5, the Mongolian and general variation selectors. Appended to a name they make a second name
    /// that looks the same as the first.
    /// </summary>
    public static bool IsDefaultIgnorable(Rune rune) => rune.Value switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x17B4 and <= 0x17B5 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };

    // Variation selectors pick a glyph for the character before them (U+FE0F: "❤️" as an emoji), which descriptions,
    // with their emoji, need; names have none.
    private static bool IsVariationSelector(Rune rune) => rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    private static bool AllowedInName(Rune rune) => !IsDefaultIgnorable(rune) && (
        Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value == ' ' || IsMark(rune)
        || (rune.IsAscii && NamePunctuation.Contains((char)rune.Value, StringComparison.Ordinal)));

    private static bool AllowedInDescription(Rune rune) => rune.Value is '\n' or ZeroWidthJoiner or ZeroWidthNonJoiner
        || IsVariationSelector(rune)
        || (!IsDefaultIgnorable(rune) && Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            _ => rune.Value != Rune.ReplacementChar.Value,
        });

    private static Rune? FirstRefused(string text, Func<Rune, bool> allowed)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // A lone surrogate decodes as invalid data and is refused as U+FFFD would be.
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return Rune.ReplacementChar;
            if (!allowed(rune))
                return rune;
            rest = rest[used..];
        }
        return null;
    }

    // Marks combine with what comes before them: not at the start, not after a space, and not stacked without end.
    private static string? MarksProblem(string text)
    {
        var inARow = 0;
        var afterBase = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsMark(rune))
            {
                inARow = 0;
                afterBase = !Rune.IsWhiteSpace(rune);
            }
            else if (!afterBase)
                return "cannot start a word with a combining mark";
            else if (++inARow > MaxMarksInARow)
                return $"cannot stack more than {MaxMarksInARow} combining marks on one character";
        }
        return null;
    }

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // A character one can see is shown as itself beside its code point ("<" (U+003C)); an invisible one by its code alone.
    private static string Describe(Rune rune) =>
        rune == Rune.ReplacementChar ? "broken characters (lone surrogates or U+FFFD)"
        : Visible(rune) ? $"\"{rune}\" (U+{rune.Value:X4})"
        : $"U+{rune.Value:X4}";

    private static bool Visible(Rune rune) => !IsDefaultIgnorable(rune) && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator) && !IsMark(rune);

    // Normalize throws on lone surrogates; such text is left as it is for the checks to refuse.
    private static string Nfc(string? text)
    {
        text ??= "";
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }
}
