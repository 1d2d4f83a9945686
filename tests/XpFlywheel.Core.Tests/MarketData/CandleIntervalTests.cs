using XpFlywheel.Core.MarketData;
using static XpFlywheel.Core.Tests.MarketData.Prints;

namespace XpFlywheel.Core.Tests.MarketData;

public class CandleIntervalTests
{
    [Theory]
    [InlineData("1m", CandleInterval.OneMinute, 60)]
    [InlineData("5m", CandleInterval.FiveMinutes, 300)]
    [InlineData("1h", CandleInterval.OneHour, 3_600)]
    [InlineData("1d", CandleInterval.OneDay, 86_400)]
    public void Codes_parse_to_their_interval_and_round_trip(string code, CandleInterval expected, int seconds)
    {
        Assert.True(CandleIntervals.TryParse(code, out var interval));
        Assert.Equal(expected, interval);
        Assert.Equal(code, interval.Code());
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval.Duration());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1M")]
    [InlineData("1H")]
    [InlineData(" 1m")]
    [InlineData("15m")]
    [InlineData("1w")]
    [InlineData("OneMinute")]
    public void Anything_but_an_exact_code_does_not_parse(string? code)
    {
        Assert.False(CandleIntervals.TryParse(code, out _));
    }

    [Theory]
    [InlineData(CandleInterval.OneMinute, "2025-03-10T13:47:00Z")]
    [InlineData(CandleInterval.FiveMinutes, "2025-03-10T13:45:00Z")]
    [InlineData(CandleInterval.OneHour, "2025-03-10T13:00:00Z")]
    [InlineData(CandleInterval.OneDay, "2025-03-10T00:00:00Z")]
    public void Bucket_start_floors_to_the_utc_boundary(CandleInterval interval, string expected)
    {
        var time = T0 + new TimeSpan(0, 13, 47, 59, 999);

        var start = interval.BucketStart(time);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void Bucket_start_ignores_the_local_offset_of_the_time()
    {
        // 01:30 at UTC+5 is 20:30Z the day before: the daily candle is the UTC day, not the local one.
        var local = new DateTimeOffset(2025, 3, 10, 1, 30, 0, TimeSpan.FromHours(5));

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 0, 0, 0, TimeSpan.Zero), CandleInterval.OneDay.BucketStart(local));
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 20, 0, 0, TimeSpan.Zero), CandleInterval.OneHour.BucketStart(local));
    }

    [Fact]
    public void A_time_exactly_on_a_boundary_starts_the_new_bucket()
    {
        var boundary = T0.AddDays(1);

        Assert.All(CandleIntervals.All, interval => Assert.Equal(boundary, interval.BucketStart(boundary)));
    }
}
