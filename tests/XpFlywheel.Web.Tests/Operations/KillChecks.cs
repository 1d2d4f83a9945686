using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// What must hold in the database of an app that was killed under load, read straight from the file. Each check
/// returns every violation it finds (empty when it holds), so one failing run shows the whole damage.
/// </summary>
internal static class KillChecks
{
    public static AppDbContext Open(string databasePath) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={databasePath}").Options);

    /// <summary>The journal numbers its commands 1..N, each once, with no gap.</summary>
    public static async Task<List<string>> GaplessJournalAsync(AppDbContext db)
    {
        var sequences = await db.Journal.AsNoTracking().OrderBy(j => j.Sequence).Select(j => j.Sequence).ToListAsync();
        var problems = new List<string>();
        for (var i = 0; i < sequences.Count; i++)
        {
            if (sequences[i] != i + 1)
            {
                problems.Add($"journal sequence {i + 1} expected, found {sequences[i]} (of {sequences.Count} rows)");
                break;
            }
        }
        return problems;
    }

    /// <summary>
    /// Every acknowledged keyed change is in the journal exactly once under its key and type, and its key's stored
    /// outcome points at that row; every acknowledged placement is one order row and one <c>order.submit</c>.
    /// </summary>
    public static async Task<List<string>> AcknowledgedExactlyOnceAsync(AppDbContext db, IReadOnlyList<SentRequest> acknowledged)
    {
        var problems = new List<string>();
        var keyed = await db.Journal.AsNoTracking().Where(j => j.IdempotencyKey != null)
            .Select(j => new { j.Sequence, j.Actor, j.IdempotencyKey, j.Type }).ToListAsync();
        var byKey = keyed.ToLookup(j => (j.Actor, j.IdempotencyKey));
        var stored = await db.IdempotencyKeys.AsNoTracking().ToDictionaryAsync(k => (k.Scope, k.Key), k => k.Sequence);
        var submits = (await db.Journal.AsNoTracking().Where(j => j.Type == "order.submit").Select(j => new { j.Actor, j.Command }).ToListAsync())
            .ToLookup(j => (j.Actor, JsonNode.Parse(j.Command)!["clientOrderId"]?.GetValue<string>()));
        var orders = (await db.Orders.AsNoTracking().Where(o => o.ClientOrderId != null).Select(o => new { o.Id, o.OperatorId, o.ClientOrderId }).ToListAsync())
            .ToLookup(o => (o.OperatorId, o.ClientOrderId));

        foreach (var request in acknowledged)
        {
            if (request.Kind == RequestKind.Place)
            {
                var rows = orders[(request.OperatorId, request.Key)].ToList();
                var id = JsonDocument.Parse(request.Response!).RootElement.GetProperty("order").GetProperty("id").GetInt64();
                if (rows.Count != 1 || rows[0].Id != id)
                    problems.Add($"{rows.Count} order rows (ids {string.Join(",", rows.Select(r => r.Id))}, acknowledged {id}) for {request}");
                var journaled = submits[(request.Scope, request.Key)].Count();
                if (journaled != 1)
                    problems.Add($"{journaled} order.submit journal rows for {request}");
                continue;
            }
            var entries = byKey[(request.Scope, request.Key)].ToList();
            if (entries.Count != 1 || entries[0].Type != request.JournalType)
                problems.Add($"journal rows [{string.Join(", ", entries.Select(e => $"{e.Sequence} {e.Type}"))}] for {request}");
            else if (!stored.TryGetValue((request.Scope, request.Key), out var sequence) || sequence != entries[0].Sequence)
                problems.Add($"the key's stored outcome is not journal row {entries[0].Sequence} for {request}");
        }
        return problems;
    }

    /// <summary>
    /// A key whose command was accepted is never applied again: its stored outcome points at a journal row with that
    /// key, and no later row carries it (a repeat is answered from the stored outcome, not journaled).
    /// </summary>
    public static async Task<List<string>> KeysAppliedOnceAsync(AppDbContext db)
    {
        var problems = new List<string>();
        var keyed = (await db.Journal.AsNoTracking().Where(j => j.IdempotencyKey != null)
            .Select(j => new { j.Sequence, j.Actor, j.IdempotencyKey }).ToListAsync()).ToLookup(j => (j.Actor, j.IdempotencyKey));
        foreach (var entry in await db.IdempotencyKeys.AsNoTracking().Where(k => k.Scope.StartsWith("o:")).ToListAsync())
        {
            var rows = keyed[(entry.Scope, entry.Key)].Select(j => j.Sequence).ToList();
            if (!rows.Contains(entry.Sequence) || rows.Any(s => s > entry.Sequence))
                problems.Add($"key {entry.Key} of {entry.Scope} accepted at {entry.Sequence}, journaled at [{string.Join(",", rows)}]");
        }
        return problems;
    }

    /// <summary>At most one order row for each client order id: a placement is never made twice.</summary>
    public static async Task<List<string>> OneOrderPerClientOrderIdAsync(AppDbContext db) =>
        (await db.Orders.AsNoTracking().Where(o => o.ClientOrderId != null)
            .GroupBy(o => new { o.OperatorId, o.ClientOrderId }).Where(g => g.Count() > 1)
            .Select(g => new { g.Key.OperatorId, g.Key.ClientOrderId, Count = g.Count() }).ToListAsync())
        .Select(g => $"{g.Count} orders of operator {g.OperatorId} with clientOrderId {g.ClientOrderId}").ToList();

    /// <summary>
    /// How many of the <paramref name="retried"/> requests (sent again after their answer was lost) had been applied at
    /// or before journal sequence <paramref name="journaled"/>, so the retry was answered with the stored outcome.
    /// </summary>
    public static async Task<int> AppliedBeforeAsync(AppDbContext db, IReadOnlyList<SentRequest> retried, long journaled)
    {
        var stored = await db.IdempotencyKeys.AsNoTracking().ToDictionaryAsync(k => (k.Scope, k.Key), k => k.Sequence);
        return retried.Count(r => r.Acknowledged && (r.Kind == RequestKind.Place
            ? JsonNode.Parse(r.Response!)!["repeat"]!.GetValue<bool>()
            : stored.TryGetValue((r.Scope, r.Key), out var sequence) && sequence <= journaled));
    }

    /// <summary>
    /// Overdue work the app owes after a restart: open epochs whose end is more than <paramref name="slack"/> ago, and
    /// unlocks whose waiting period ended more than <paramref name="slack"/> ago but are not released.
    /// </summary>
    public static async Task<List<string>> OverdueAsync(AppDbContext db, TimeSpan slack)
    {
        var before = DateTime.UtcNow - slack;
        var epochs = await db.Epochs.AsNoTracking().Where(e => e.Status == EpochStatus.Open && e.EndsAt < before).Select(e => e.Number).ToListAsync();
        var unlocks = await db.Locks.AsNoTracking().Where(l => l.Status == LockStatus.Unlocking && l.ReleasableAt < before).Select(l => l.Id).ToListAsync();
        return [.. epochs.Select(n => $"epoch {n} is open past its end"), .. unlocks.Select(id => $"unlock {id} is not released past its waiting period")];
    }

    /// <summary>The open order rows as a book by price, "buy 0.0201 x 120 in 2", bids best first then asks best first.</summary>
    public static async Task<List<string>> BookOfOpenOrdersAsync(AppDbContext db)
    {
        var open = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Open || o.Status == OrderStatus.PartiallyFilled)
            .Select(o => new { o.Side, o.PriceTicks, o.Remaining }).ToListAsync();
        var levels = open.GroupBy(o => (o.Side, o.PriceTicks)).Select(g => (Side: g.Key.Side, Ticks: g.Key.PriceTicks, Quantity: g.Sum(o => o.Remaining), Orders: g.Count()));
        return [.. levels.Where(l => l.Side == 0).OrderByDescending(l => l.Ticks).Concat(levels.Where(l => l.Side == 1).OrderBy(l => l.Ticks))
            .Select(l => Level(l.Side == 0 ? "buy" : "sell", l.Ticks / 10_000m, l.Quantity, l.Orders))];
    }

    public static string Level(string side, decimal price, long quantity, int orders) => $"{side} {price:0.0000} x {quantity} in {orders}";
}
