using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Cursor paging for histories, as bots page Binance's and Kraken's: <c>fromId</c> (ids from it, oldest first),
/// <c>before</c> (ids below it; newest first when alone), <c>startTime</c>/<c>endTime</c> (milliseconds since the Unix
/// epoch, inclusive). Ids only grow, so a cursor never skips or repeats a row however many are written meanwhile;
/// following <c>next</c> to the end reads the whole history. Without any of them the endpoint keeps its
/// <c>page</c>/<c>size</c> paging.
/// </summary>
public sealed record HistoryCursor(long? FromId, long? Before, DateTime? Start, DateTime? End)
{
    /// <summary>The largest time accepted: 9999-12-31T23:59:59.999Z in ms.</summary>
    public const long MaxTime = 253_402_300_799_999;

    /// <summary>True when any cursor or time bound was given.</summary>
    public bool Any => FromId is not null || Before is not null || Start is not null || End is not null;

    /// <summary>Oldest first, except for <c>before</c> alone (the newest rows below it, as a feed scrolls back).</summary>
    public bool Ascending => FromId is not null || Before is null;

    /// <summary>Checks the values (ids from 1, times 0 to <see cref="MaxTime"/>, start not after end, no <c>page</c> with a cursor).</summary>
    public static ProblemHttpResult? Parse(long? fromId, long? before, long? startTime, long? endTime, int? page, out HistoryCursor cursor)
    {
        cursor = new HistoryCursor(null, null, null, null);
        var errors = new Dictionary<string, string[]>();
        if (fromId is < 1)
            errors["fromId"] = ["fromId must be an id from 1."];
        if (before is < 1)
            errors["before"] = ["before must be an id from 1."];
        if (startTime is < 0 or > MaxTime)
            errors["startTime"] = [$"startTime must be milliseconds since 1970-01-01 UTC, from 0 to {MaxTime} (the end of year 9999)."];
        if (endTime is < 0 or > MaxTime)
            errors["endTime"] = [$"endTime must be milliseconds since 1970-01-01 UTC, from 0 to {MaxTime} (the end of year 9999)."];
        if (errors.Count == 0 && startTime > endTime)
            errors["startTime"] = ["startTime must not be after endTime."];
        if (errors.Count == 0 && fromId >= before)
            errors["fromId"] = ["fromId must be below before."];
        cursor = new HistoryCursor(fromId, before,
            startTime is { } s and >= 0 and <= MaxTime ? DateTimeOffset.FromUnixTimeMilliseconds(s).UtcDateTime : null,
            endTime is { } e and >= 0 and <= MaxTime ? DateTimeOffset.FromUnixTimeMilliseconds(e).UtcDateTime : null);
        if (cursor.Any && page is not null)
            errors["page"] = ["Use page, or fromId/before/startTime/endTime, not both."];
        return errors.Count == 0 ? null : ApiProblems.Validation(errors);
    }

    /// <summary>Filters and orders <paramref name="rows"/> by this cursor, on the row's <paramref name="id"/> and <paramref name="at"/>.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> rows, Expression<Func<T, long>> id, Expression<Func<T, DateTime>> at)
    {
        if (FromId is { } from)
            rows = rows.Where(Compare(id, from, Expression.GreaterThanOrEqual));
        if (Before is { } below)
            rows = rows.Where(Compare(id, below, Expression.LessThan));
        if (Start is { } start)
            rows = rows.Where(Compare(at, start, Expression.GreaterThanOrEqual));
        if (End is { } end)
            rows = rows.Where(Compare(at, end.AddTicks(TimeSpan.TicksPerMillisecond - 1), Expression.LessThanOrEqual));
        return Ascending ? rows.OrderBy(id) : rows.OrderByDescending(id);
    }

    /// <summary>The value to send as the same cursor for the rows after <paramref name="lastId"/>; null when the page was not full.</summary>
    public long? Next(long? lastId, int count, int size) =>
        lastId is not { } last || count < size ? null : Ascending ? last + 1 : last;

    private static Expression<Func<T, bool>> Compare<T, TValue>(Expression<Func<T, TValue>> selector, TValue value,
        Func<Expression, Expression, BinaryExpression> op)
    {
        // A captured value, not a constant, so the query is parameterized and its plan reused.
        Expression<Func<TValue>> captured = () => value;
        return Expression.Lambda<Func<T, bool>>(op(selector.Body, captured.Body), selector.Parameters);
    }
}
