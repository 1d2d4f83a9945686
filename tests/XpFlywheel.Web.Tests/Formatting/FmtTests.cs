using System.Globalization;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Formatting;

/// <summary>How every page writes money, prices and XP: one module, the same answer on every page and culture.</summary>
public sealed class FmtTests
{
    [Theory]
    [InlineData(5_663_456_545L, "$5,663.46")]
    [InlineData(-275_768_595L, "-$275.77")]
    [InlineData(0L, "$0.00")]
    [InlineData(1_000_000L, "$1.00")]
    [InlineData(5_000L, "$0.01")]
    [InlineData(1_234_567_890_000L, "$1,234,567.89")]
    public void Cash_IsWrittenToTheCent_WithTheSignBeforeTheDollar(long micros, string expected) =>
        Assert.Equal(expected, Fmt.Cash(new Cash(micros)));

    [Theory]
    [InlineData(6L, "< $0.01")]
    [InlineData(4_999L, "< $0.01")]
    [InlineData(-6L, "> -$0.01")]
    public void Cash_TinyNonZero_IsNeverWrittenAsZero(long micros, string expected) =>
        Assert.Equal(expected, Fmt.Cash(new Cash(micros)));

    [Theory]
    [InlineData(5_663_456_545L, "$5,663.456545")]
    [InlineData(-275_768_595L, "-$275.768595")]
    [InlineData(6L, "$0.000006")]
    public void CashExact_KeepsEveryMicroDollar_ForTheHover(long micros, string expected)
    {
        Assert.Equal(expected, Fmt.CashExact(new Cash(micros)));
        Assert.Equal(expected, Fmt.CashTitle(new Cash(micros)));
    }

    [Fact]
    public void CashTitle_IsAbsent_WhenTheCentsAreExact() => Assert.Null(Fmt.CashTitle(new Cash(12_340_000)));

    [Theory]
    [InlineData(250L, "0.0250")]
    [InlineData(1L, "0.0001")]
    [InlineData(61_563L, "6.1563")]
    public void Price_IsWrittenToTheTick(long ticks, string expected) => Assert.Equal(expected, Fmt.Price(new Price(ticks)));

    [Theory]
    [InlineData("0.00000675", "$0.0000068")]
    [InlineData("0.00001", "$0.000010")]
    [InlineData("0.2", "$0.2000")]
    [InlineData("0.02534", "$0.0253")]
    public void PriceBelowATick_ShowsTwoSignificantDigits_NotZero(string dollars, string expected) =>
        Assert.Equal(expected, Fmt.PriceUsd(decimal.Parse(dollars, CultureInfo.InvariantCulture)));

    [Fact]
    public void MissingPrice_IsADash() => Assert.Equal("—", Fmt.Price((Price?)null));

    [Theory]
    [InlineData(5_000_000L, "5,000,000")]
    [InlineData(0L, "0")]
    [InlineData(-1_500L, "-1,500")]
    public void Xp_IsWholeWithThousandsSeparators(long xp, string expected) => Assert.Equal(expected, Fmt.Xp(xp));

    [Theory]
    [InlineData(24775.6, "24,775.6%", "24,775.60%")]
    [InlineData(12.54, "12.5%", "12.54%")]
    [InlineData(-1234.5, "-1,234.5%", "-1,234.50%")]
    public void Percentages_HaveThousandsSeparators_AsEveryNumber(double percent, string rough, string exact)
    {
        Assert.Equal(rough, Fmt.PercentRough((decimal)percent));
        Assert.Equal(exact, Fmt.Percent((decimal)percent));
    }

    [Theory]
    [InlineData(1.0, "1.00%")]
    [InlineData(1.005, "1.01%")]
    [InlineData(0.506, "0.51%")]
    public void SpreadPercent_AlwaysHasTwoDecimals(double percent, string expected) =>
        Assert.Equal(expected, Fmt.SpreadPercent((decimal)percent));

    /// <summary>A fee rate is shown as charged: two decimals of a percent at least, and up to the four a rate may have.</summary>
    [Theory]
    [InlineData(0.025, "2.50%")]
    [InlineData(0.00075, "0.075%")]
    [InlineData(0.012345, "1.2345%")]
    [InlineData(0, "0.00%")]
    public void A_fee_rate_is_shown_to_every_decimal_it_has(decimal rate, string shown) => Assert.Equal(shown, Fmt.Rate(rate));

    [Fact]
    public void Formats_AreCultureInvariant()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("$5,663.46", Fmt.Cash(new Cash(5_663_456_545)));
            Assert.Equal("0.0250", Fmt.Price(new Price(250)));
            Assert.Equal("5,000", Fmt.Xp(5_000));
            Assert.Equal("2.50%", Fmt.Rate(0.025m));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    /// <summary>
    /// A dollar amount prefilled into a field has cents written as money is everywhere, two decimals, and reads back as
    /// the same amount by the fields' one rule (PriceText): "2,500" alone would be refused as ambiguous.
    /// </summary>
    [Theory]
    [InlineData("1759.5", "1,759.50")]
    [InlineData("1413.1", "1,413.10")]
    [InlineData("10000000", "10,000,000.00")]
    [InlineData("2500", "2,500.00")]
    [InlineData("0.05", "0.05")]
    public void Dollars_in_a_field_have_two_decimals_and_read_back_the_same(string dollars, string shown)
    {
        var amount = decimal.Parse(dollars, CultureInfo.InvariantCulture);
        Assert.Equal(shown, Fmt.DollarsInput(amount));
        Assert.Equal(amount, XpFlywheel.Web.Market.PriceText.Parse(Fmt.DollarsInput(amount)));
    }

    /// <summary>A countdown starts at its largest unit: a quote's 15 seconds is "15s", not "0m 15s".</summary>
    [Theory]
    [InlineData(15, "15s")]
    [InlineData(65, "1m 5s")]
    [InlineData(3_600 + 61, "1h 1m 1s")]
    [InlineData(7 * 86_400 - 1, "6d 23h 59m 59s")]
    [InlineData(0, "due now")]
    public void A_countdown_starts_at_its_largest_unit(int seconds, string shown) =>
        Assert.Equal(shown, Fmt.Countdown(TimeSpan.FromSeconds(seconds)));
}
