using Bunit;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>Amounts of XP are typed as whole digits in every form: nothing else is read as some other number.</summary>
public sealed class XpFieldTests : MudTestContext
{
    [Theory]
    [InlineData("250", 250L)]
    [InlineData(" 12 ", 12L)]
    [InlineData("007", 7L)]
    [InlineData("0", 0L)]
    public void Xp_amount_reads_whole_digits(string text, long expected) => Assert.Equal((expected, null), WholeXp.Read(text));

    [Theory]
    [InlineData("1e3")]
    [InlineData("1.5")]
    [InlineData("1,000")]
    [InlineData("+5")]
    [InlineData("-")]
    [InlineData("-5.5")]
    [InlineData("٣")]
    [InlineData("abc")]
    public void Xp_amount_refuses_anything_but_digits_rather_than_reading_another_number(string text) =>
        Assert.Equal((null, WholeXp.NotWhole), WholeXp.Read(text));

    [Theory]
    [InlineData("-5")]
    [InlineData(" -250 ")]
    public void Xp_amount_negative_is_told_to_drop_the_minus_sign(string text) =>
        Assert.Equal((null, WholeXp.Negative), WholeXp.Read(text));

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("1001")]
    public void Xp_amount_beyond_the_largest_names_the_largest(string text) =>
        Assert.Equal((null, "The amount can be at most 1,000 XP."), WholeXp.Read(text, max: 1_000));

    [Fact]
    public void Xp_amount_empty_is_no_amount_and_no_complaint() => Assert.Equal((null, null), WholeXp.Read("  "));

    [Fact]
    public void Xp_field_says_why_as_it_is_typed_and_reports_no_amount()
    {
        long? value = 5;
        var cut = Render<XpField>(p => p.Add(x => x.Label, "XP to lock").Add(x => x.Value, value).Add(x => x.ValueChanged, v => value = v));

        cut.OnRenderer(() => cut.Find("input").Input("1e3"));
        Assert.Null(value);
        Assert.Contains(WholeXp.NotWhole, cut.Markup);

        cut.OnRenderer(() => cut.Find("input").Input("1000"));
        Assert.Equal(1_000, value);
        Assert.DoesNotContain(WholeXp.NotWhole, cut.Markup);
    }

    [Fact]
    public void Xp_field_shows_a_value_the_form_sets_and_keeps_what_was_typed_otherwise()
    {
        var cut = Render<XpField>(p => p.Add(x => x.Value, 40L));
        Assert.Equal("40", cut.Find("input").GetAttribute("value"));

        cut.OnRenderer(() => cut.Find("input").Input("007"));
        cut.Render(p => p.Add(x => x.Value, 7L));
        Assert.Equal("007", cut.Find("input").GetAttribute("value"));

        cut.Render(p => p.Add(x => x.Value, (long?)null));
        Assert.True(string.IsNullOrEmpty(cut.Find("input").GetAttribute("value")));
    }
}
