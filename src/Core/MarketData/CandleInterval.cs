namespace XpFlywheel.Core.MarketData;

/// <summary>
/// The candle sizes the market publishes. Codes, durations and bucket alignment are in <see cref="CandleIntervals"/>.
/// </summary>
public enum CandleInterval
{
    OneMinute,
    FiveMinutes,
    OneHour,
    OneDay,
}
