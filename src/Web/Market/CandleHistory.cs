using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Market;

/// <summary>
/// Candles of any period, aggregated by the database from the trade table (<c>GET /api/v1/market/candles</c> with
/// <c>startTime</c> or <c>endTime</c>, as Binance's klines take them): the in-memory series keeps only the newest 1,000
/// per interval. Buckets align to UTC as the live series' do (<see cref="CandleIntervals.BucketStart"/>); a bucket with
/// no trade has no candle. Open and close are the first and last trade of the bucket by trade id (execution order).
/// </summary>
public static class CandleHistory
{
    /// <summary>
    /// The most trades one request aggregates (~0.4 s of one core on SQLite): a page ends at the last whole bucket within
    /// them, so it may hold fewer than <c>limit</c> candles; an empty page is the end of the range.
    /// </summary>
    public const int MaxTrades = 250_000;

    /// <summary>
    /// At most <paramref name="limit"/> candles whose start lies from <paramref name="start"/> to <paramref name="end"/>
    /// (both inclusive, either may be open), oldest first: the oldest ones in the range when a start is given, else the
    /// newest up to the end. Each candle holds every trade of its bucket. At most <paramref name="maxTrades"/> trades are
    /// aggregated, besides those of a single bucket that holds more.
    /// </summary>
    public static async Task<IReadOnlyList<CandleMessage>> ReadAsync(AppDbContext db, CandleInterval interval, DateTimeOffset? start, DateTimeOffset? end,
        int limit, CancellationToken cancellationToken, int maxTrades = MaxTrades)
    {
        var size = interval.Duration();
        // Trades from the first bucket starting at or after start, to the end of the bucket holding end.
        // Near year 9999 a bucket's end lies past the last representable time: the range is then open there.
        DateTime? from = start is { } s ? (interval.BucketStart(s) is var first && first < s ? After(first, size) : first.UtcDateTime) : null;
        DateTime? to = end is { } e ? After(interval.BucketStart(e), size) : null;
        if (start is not null && from is null)
            return [];
        var oldestFirst = start is not null || end is null;
        // One request aggregates at most MaxTrades trades (plus the rest of the bucket it stops in, which it leaves
        // out): the range is cut at the bucket of the trade after them, found by one walk of the time index.
        var inRange = db.Trades.AsNoTracking().Where(t => (from == null || t.ExecutedAt >= from) && (to == null || t.ExecutedAt < to));
        var beyond = await (oldestFirst ? inRange.OrderBy(t => t.ExecutedAt) : inRange.OrderByDescending(t => t.ExecutedAt))
            .Skip(maxTrades).Select(t => (DateTime?)t.ExecutedAt).FirstOrDefaultAsync(cancellationToken);
        if (beyond is { } cut)
        {
            var bucket = interval.BucketStart(Utc(cut));
            // The bucket of the first trade read: when the cut falls in it, that one bucket is read whole.
            var nearest = await (oldestFirst ? inRange.OrderBy(t => t.ExecutedAt) : inRange.OrderByDescending(t => t.ExecutedAt))
                .Select(t => t.ExecutedAt).FirstAsync(cancellationToken);
            var whole = interval.BucketStart(Utc(nearest)) == bucket;
            if (oldestFirst)
                to = whole ? After(bucket, size) : bucket.UtcDateTime;
            else
                from = whole ? bucket.UtcDateTime : After(bucket, size);
        }
        var byDay = interval == CandleInterval.OneDay;
        var minutes = interval switch { CandleInterval.OneMinute => 1, CandleInterval.FiveMinutes => 5, _ => 0 };

        var groups = db.Trades.AsNoTracking()
            .Where(t => (from == null || t.ExecutedAt >= from) && (to == null || t.ExecutedAt < to))
            .Select(t => new
            {
                t.Id, t.PriceTicks, t.Quantity,
                Year = t.ExecutedAt.Year, Month = t.ExecutedAt.Month, Day = t.ExecutedAt.Day,
                Hour = byDay ? 0 : t.ExecutedAt.Hour,
                Part = minutes == 0 ? 0 : t.ExecutedAt.Minute / minutes,
            })
            .GroupBy(t => new { t.Year, t.Month, t.Day, t.Hour, t.Part });
        var ordered = oldestFirst
            ? groups.OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Month).ThenBy(g => g.Key.Day).ThenBy(g => g.Key.Hour).ThenBy(g => g.Key.Part)
            : groups.OrderByDescending(g => g.Key.Year).ThenByDescending(g => g.Key.Month).ThenByDescending(g => g.Key.Day)
                .ThenByDescending(g => g.Key.Hour).ThenByDescending(g => g.Key.Part);
        var rows = (await ordered.Take(limit)
            .Select(g => new
            {
                g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Hour, g.Key.Part,
                Low = g.Min(t => t.PriceTicks), High = g.Max(t => t.PriceTicks), Volume = g.Sum(t => t.Quantity), Trades = g.Count(),
                FirstId = g.Min(t => t.Id), LastId = g.Max(t => t.Id),
            })
            .ToListAsync(cancellationToken))
            .Select(b => new Bucket(b.Year, b.Month, b.Day, b.Hour, b.Part, b.Low, b.High, b.Volume, b.Trades, b.FirstId, b.LastId)).ToList();
        if (!oldestFirst)
            rows.Reverse();

        var ids = rows.SelectMany(b => new[] { b.FirstId, b.LastId }).Distinct().ToList();
        var prices = await db.Trades.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.PriceTicks })
            .ToDictionaryAsync(t => t.Id, t => t.PriceTicks, cancellationToken);
        return [.. rows.Select(b => new CandleMessage(
            new DateTimeOffset(b.Year, b.Month, b.Day, b.Hour, b.Part * minutes, 0, TimeSpan.Zero),
            prices[b.FirstId] / 10_000m, b.High / 10_000m, b.Low / 10_000m, prices[b.LastId] / 10_000m, b.Volume, b.Trades))];
    }

    private static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));

    // The time size after bucketStart; null past DateTime.MaxValue.
    private static DateTime? After(DateTimeOffset bucketStart, TimeSpan size) =>
        bucketStart.UtcTicks > DateTime.MaxValue.Ticks - size.Ticks ? null : bucketStart.UtcDateTime + size;

    private sealed record Bucket(int Year, int Month, int Day, int Hour, int Part, long Low, long High, long Volume, int Trades, long FirstId, long LastId);
}
