using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Data;

/// <summary>
/// The rows the writer reads by key on every economy command (agents, an epoch's work per pair, an operator's
/// volume day), found as <c>DbSet.Find</c> finds them (the row the unit of work already tracks, in any state, else
/// the database's, tracked) through compiled queries. <c>Find</c> builds and parameterizes a new expression tree on
/// each call, and for a composite key compiles a delegate each time: on a recorded job that was a third of the
/// writer's time. Null when there is no such row.
/// </summary>
internal static class WriterRows
{
    private static readonly PerModel<Func<AppDbContext, long, Agent?>> AgentById =
        new(() => EF.CompileQuery((AppDbContext db, long id) => db.Agents.FirstOrDefault(a => a.Id == id)));

    private static readonly PerModel<Func<AppDbContext, long, long, long, EpochWorkRecord?>> WorkByPair =
        new(() => EF.CompileQuery((AppDbContext db, long epoch, long provider, long client) =>
            db.EpochWork.FirstOrDefault(w => w.EpochNumber == epoch && w.ProviderAgentId == provider && w.ClientOperatorId == client)));

    private static readonly PerModel<Func<AppDbContext, long, DateTime, OperatorVolumeDay?>> VolumeByDay =
        new(() => EF.CompileQuery((AppDbContext db, long operatorId, DateTime day) =>
            db.OperatorVolumeDays.FirstOrDefault(d => d.OperatorId == operatorId && d.Day == day)));

    /// <summary>The agent with id <paramref name="id"/>.</summary>
    public static Agent? Agent(AppDbContext db, long id) =>
        Tracked(db, () => db.Agents.Local.FindEntry(id)?.Entity) ?? AgentById.For(db)(db, id);

    /// <summary>Epoch <paramref name="epoch"/>'s work row of provider agent <paramref name="provider"/> for client operator <paramref name="client"/>.</summary>
    public static EpochWorkRecord? EpochWork(AppDbContext db, long epoch, long provider, long client) =>
        Tracked(db, () => db.EpochWork.Local.FindEntryUntyped([epoch, provider, client])?.Entity) ?? WorkByPair.For(db)(db, epoch, provider, client);

    /// <summary>Operator <paramref name="operatorId"/>'s provider volume on <paramref name="day"/> (midnight UTC).</summary>
    public static OperatorVolumeDay? VolumeDay(AppDbContext db, long operatorId, DateTime day) =>
        Tracked(db, () => db.OperatorVolumeDays.Local.FindEntryUntyped([operatorId, day])?.Entity) ?? VolumeByDay.For(db)(db, operatorId, day);

    // The row the context tracks under that key, looked up in its identity map as Find does. Reading DbSet.Local would
    // first scan every tracked entity for changes (keys never change, so the lookup needs no scan): a command that
    // tracks hundreds of rows and looks one up for each (releasing 500 unlocks, closing 500 dispute windows) would
    // scan O(n²) entities.
    private static T? Tracked<T>(DbContext db, Func<T?> lookUp) where T : class
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return lookUp();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
