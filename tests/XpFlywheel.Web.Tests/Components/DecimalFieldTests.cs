using Bunit;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>Dollar amounts and prices in forms are plain decimals, read as the order ticket reads prices.</summary>
public sealed class DecimalFieldTests : MudTestContext
{
    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("12,50", "12.50")]
    [InlineData(" 0.0250 ", "0.0250")]
    [InlineData("1,000.00", "1000.00")]
    public void Decimal_field_reads_a_plain_decimal_with_either_separator(string text, string expected)
    {
        decimal? value = null;
        var cut = Render<DecimalField>(p => p.Add(x => x.ValueChanged, v => value = v));
        cut.OnRenderer(() => cut.Find("input").Input(text));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Empty(cut.FindAll(".mud-input-error"));
    }

    [Theory]
    [InlineData("1e3", "Enter a number, e.g. 12.50")]
    [InlineData("1,000", "could be 1000 or 1.000")]
    [InlineData("$5", "Enter a number, e.g. 12.50")]
    [InlineData("-5", "Enter the number without a minus sign, e.g. 12.50.")]
    public void Decimal_field_refuses_text_that_is_not_a_plain_decimal_rather_than_reading_another_number(string text, string message)
    {
        decimal? value = 7m;
        var cut = Render<DecimalField>(p => p.Add(x => x.Value, value).Add(x => x.ValueChanged, v => value = v));
        cut.OnRenderer(() => cut.Find("input").Input(text));
        Assert.Null(value);
        Assert.Contains(message, cut.Markup);
    }

    /// <summary>
    /// A number too large for any field (the forty digits a long paste leaves in a field) is refused as too large, not
    /// as text that is not a number; a point or comma alone is still not a number.
    /// </summary>
    [Fact]
    public void A_number_too_large_for_any_field_is_refused_as_too_large()
    {
        var digits = "1" + new string('0', FieldLength.Number - 1);
        decimal? value = 7m;
        var cut = Render<DecimalField>(p => p.Add(x => x.Value, value).Add(x => x.ValueChanged, v => value = v));
        cut.OnRenderer(() => cut.Find("input").Input(digits));
        Assert.Null(value);
        Assert.Contains("That number is too large; enter an amount such as 12.50.", cut.Markup);

        Assert.Equal("The price can be at most $1,000 per XP.", XpFlywheel.Web.Market.PriceText.Problem(digits));
        Assert.Equal("The price can be at most $1,000 per XP.", XpFlywheel.Web.Market.PriceText.Problem("1" + new string('0', 30) + ",50"));
        Assert.False(XpFlywheel.Web.Market.PriceText.TooLarge("."));
        Assert.False(XpFlywheel.Web.Market.PriceText.TooLarge(","));
        Assert.False(XpFlywheel.Web.Market.PriceText.TooLarge("1,000"));
        Assert.Equal("Enter the price as a number, e.g. 0.0250 or 0,0250.", XpFlywheel.Web.Market.PriceText.Problem("."));
    }

    /// <summary>A price field off the ticket (the OTC desk's offer and quote) says what the order ticket says for the same mistake.</summary>
    [Theory]
    [InlineData("-0.02")]
    [InlineData("abc")]
    public void A_price_field_refuses_in_the_order_tickets_words(string text)
    {
        var cut = Render<DecimalField>(p => p.Add(x => x.Example, "0.0250").Add(x => x.Reader, XpFlywheel.Web.Market.PriceText.Problem));
        cut.OnRenderer(() => cut.Find("input").Input(text));
        Assert.Contains(XpFlywheel.Web.Market.PriceText.Problem(text)!, cut.Markup);
        Assert.DoesNotContain("plain number", cut.Markup);
    }

    /// <summary>A price that reads but is off the tick, zero or too high is refused by the OTC forms as by the ticket.</summary>
    [Theory]
    [InlineData("0.02505", "multiple of the 0.0001 tick")]
    [InlineData("0", "above $0")]
    [InlineData("1000.0001", "at most $1,000")]
    public void An_out_of_range_price_is_named_as_the_ticket_names_it(string text, string words) =>
        Assert.Contains(words, XpFlywheel.Web.Market.PriceText.RangeProblem(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
}
