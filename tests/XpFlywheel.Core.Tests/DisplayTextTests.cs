using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests;

public class DisplayTextTests
{
    [Theory]
    [InlineData("Scout")]
    [InlineData("école")]
    [InlineData("Agent 007")]
    [InlineData("O'Brien & Sons (EU)")]
    [InlineData("data_miner-2.0")]
    [InlineData("Ελληνικά")]
    [InlineData("日本語エージェント")]
    [InlineData("नमस्ते दुनिया")]
    [InlineData("مرحبا")]
    [InlineData("q\u0301\u0302\u0303\u0304")]
    public void Name_of_letters_digits_spaces_and_a_little_punctuation_is_accepted(string name) =>
        Assert.Null(DisplayText.NameProblem(DisplayText.NormalizeName(name)));

    [Theory]
    [InlineData("bell\u0007\u0000name", "U+0007")]
    [InlineData("two\nlines", "U+000A")]
    [InlineData("carriage\rreturn", "U+000D")]
    [InlineData("tab\there", "U+0009")]
    [InlineData("invoice\u202Etxt.exe", "U+202E")]
    [InlineData("zero\u200Bwidth", "U+200B")]
    [InlineData("joined\u200Dname", "U+200D")]
    [InlineData("private\uE000use", "U+E000")]
    [InlineData("lone\uD800surrogate", "lone surrogates")]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"=\" (U+003D)")]
    [InlineData("<script>", "\"<\" (U+003C)")]
    [InlineData("semi;colon", "\";\" (U+003B)")]
    public void Name_with_control_formatting_or_other_characters_is_refused_naming_the_character(string name, string named) =>
        Assert.Contains(named, DisplayText.NameProblem(DisplayText.NormalizeName(name)));

    /// <summary>Letters and marks by category, but rendered as nothing: "demo" and "demo" + U+3164 would read as one name.</summary>
    [Theory]
    [InlineData("demo\u3164", "U+3164")]
    [InlineData("\u3164", "U+3164")]
    [InlineData("a\u115F", "U+115F")]
    [InlineData("a\u1160", "U+1160")]
    [InlineData("a\uFFA0", "U+FFA0")]
    [InlineData("a\u034F", "U+034F")]
    [InlineData("a\u17B4", "U+17B4")]
    [InlineData("a\uFE0F", "U+FE0F")]
    [InlineData("a\u180B", "U+180B")]
    [InlineData("soft\u00ADhyphen", "U+00AD")]
    public void A_name_with_a_default_ignorable_character_is_refused_so_no_two_names_look_alike(string name, string named)
    {
        var problem = DisplayText.NameProblem(DisplayText.NormalizeName(name));
        Assert.Contains(named, problem);
        Assert.DoesNotContain("\"", problem!.Split(';')[0]);
    }

    [Theory]
    [InlineData("blank\u3164", "U+3164")]
    [InlineData("grapheme\u034Fjoiner", "U+034F")]
    [InlineData("tag\U000E0041", "U+E0041")]
    public void A_description_with_a_default_ignorable_character_other_than_a_joiner_or_variation_selector_is_refused(string description, string named) =>
        Assert.Contains(named, DisplayText.DescriptionProblem(DisplayText.NormalizeDescription(description)));

    [Theory]
    [InlineData("...")]
    [InlineData("-_- ( & )")]
    public void Name_needs_a_letter_or_digit(string name) =>
        Assert.Equal("needs at least one letter or digit", DisplayText.NameProblem(DisplayText.NormalizeName(name)));

    [Theory]
    [InlineData("\u0301start")]
    [InlineData("word \u0301mark")]
    [InlineData("q\u0301\u0302\u0303\u0304\u0305")]
    public void Name_cannot_start_with_or_pile_up_combining_marks(string name) =>
        Assert.Contains("combining mark", DisplayText.NameProblem(DisplayText.NormalizeName(name)));

    [Theory]
    [InlineData("  Scout  ", "Scout")]
    [InlineData("two   spaces", "two spaces")]
    [InlineData("no\u00A0break\u3000ideographic", "no break ideographic")]
    [InlineData("e\u0301cole", "\u00E9cole")]
    public void Name_is_stored_in_nfc_with_single_spaces_and_no_ends(string name, string stored) =>
        Assert.Equal(stored, DisplayText.NormalizeName(name));

    [Theory]
    [InlineData("école", "ÉCOLE")]
    [InlineData("école", "e\u0301cole")]
    [InlineData("E\u0301COLE", "\u00E9cole")]
    [InlineData("Οδυσσέας", "ΟΔΥΣΣΈΑΣ")]
    [InlineData("Ωmega", "\u2126MEGA")]
    [InlineData("Scout", " scout ")]
    [InlineData("abc", "\uFF41\uFF42\uFF43")]
    [InlineData("fire", "\uFB01re")]
    [InlineData("Agent 2", "Agent \u00B2")]
    [InlineData("Stra\u00DFe", "STRASSE")]
    [InlineData("\u00DF", "ss")]
    [InlineData("\u1E9E", "SS")]
    [InlineData("\u0130", "i\u0307")]
    [InlineData("\u01F0", "J\u030C")]
    public void Names_that_differ_only_in_case_form_or_spacing_are_the_same_name(string one, string other) =>
        Assert.Equal(DisplayText.NameKey(one), DisplayText.NameKey(other));

    [Theory]
    [InlineData("demo", "d\u0435m\u043E")]          // Cyrillic е and о
    [InlineData("Demo", "D\u0415M\u041E")]          // their capitals
    [InlineData("Alpha", "\u0391lpha")]              // Greek capital alpha
    [InlineData("PAYPAL", "\u0420\u0410YP\u0391L")]  // Cyrillic Р, А and Greek Α
    [InlineData("Scout", "\u0405c\u043Eut")]         // Cyrillic Ѕ and о
    [InlineData("BOT", "\u0392\u039F\u03A4")]        // all Greek
    [InlineData("oxo", "\u0585x\u0585")]             // Armenian օ
    [InlineData("Kot", "\u043A\u043E\u0442")]         // кот: in capitals КОТ, drawn as KOT
    public void A_name_spelled_with_letters_drawn_as_latin_ones_is_the_latin_name(string latin, string lookAlike) =>
        Assert.Equal(DisplayText.NameKey(latin), DisplayText.NameKey(lookAlike));

    [Fact]
    public void Every_capital_drawn_as_a_latin_one_is_that_one_in_a_name_key()
    {
        var mapped = Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => !char.IsSurrogate(c) && DisplayText.LatinLookAlike(c) != c).ToList();

        Assert.Equal(40, mapped.Count);
        Assert.All(mapped, c =>
        {
            Assert.InRange(DisplayText.LatinLookAlike(c), 'A', 'Z');
            Assert.Equal(DisplayText.NameKey(DisplayText.LatinLookAlike(c) + "x"), DisplayText.NameKey(c + "x"));
        });
    }

    [Theory]
    [InlineData("Scout", "Scout 2")]
    [InlineData("ecole", "école")]
    [InlineData("Strase", "Stra\u00DFe")]
    [InlineData("Dmitry", "\u0414\u043C\u0438\u0442\u0440\u0438\u0439")] // Дмитрий: other letters, another name
    [InlineData("demo", "\u0434\u0435\u043C\u043E")]                    // демо: д is no Latin letter
    [InlineData("\u041C\u0438\u0440", "\u041F\u0438\u0440")]              // Мир and Пир stay two names
    [InlineData("demo", "\u0501emo")]                                      // Komi ԁ: Latin-looking only when small
    public void Different_names_have_different_keys(string one, string other) =>
        Assert.NotEqual(DisplayText.NameKey(one), DisplayText.NameKey(other));

    [Theory]
    [InlineData("Translates EN→FR, 24/7!\nAsk for \"rush\" jobs: 50% off.")]
    [InlineData("👩‍💻 codes; ❤️ reviews")]
    [InlineData("Prix : 10 € — rapide")]
    public void Description_may_hold_punctuation_symbols_emoji_and_line_breaks(string description) =>
        Assert.Null(DisplayText.DescriptionProblem(DisplayText.NormalizeDescription(description)));

    [Theory]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("nul\u0000", "U+0000")]
    [InlineData("safe\u202Eexe", "U+202E")]
    [InlineData("isolate\u2067x", "U+2067")]
    [InlineData("zero\u200Bwidth", "U+200B")]
    [InlineData("line\u2028separator", "U+2028")]
    [InlineData("tab\tstop", "U+0009")]
    public void Description_with_control_or_invisible_formatting_characters_is_refused(string description, string named) =>
        Assert.Contains(named, DisplayText.DescriptionProblem(DisplayText.NormalizeDescription(description)));

    [Fact]
    public void Description_line_breaks_become_lf_and_the_ends_are_trimmed() =>
        Assert.Equal("one\ntwo\nthree", DisplayText.NormalizeDescription("  one\r\ntwo\rthree\n\n"));
}
