using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Settings;

/// <summary>Writes who did what, when, with before and after. Use <see cref="Add"/> to enlist in a caller's transaction.</summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static void Add(AppDbContext db, DateTime at, string actor, string action, string target, string? before = null, string? after = null) =>
        db.AuditLog.Add(new AuditEntry { At = at, Actor = actor, Action = action, Target = target, Before = before, After = after });

    /// <summary>
    /// Sets <paramref name="address"/> (a client IP, at most 64 characters kept) on every audit entry added to
    /// <paramref name="db"/> and not yet saved that names none: the entries of one admin command.
    /// </summary>
    public static void StampAddress(AppDbContext db, string address)
    {
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State == EntityState.Added && entry.Entity.Address is null)
                entry.Entity.Address = Truncate(address, 64);
        }
    }

    public async Task WriteAsync(string actor, string action, string target, string? before = null, string? after = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Add(db, clock.GetUtcNow().UtcDateTime, actor, action, target, before, after);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records a security event (sign-in, failure, refusal, two-factor change, API key created or revoked) with the
    /// client IP it came from. <paramref name="actor"/> is the e-mail typed or the signed-in user.
    /// </summary>
    public async Task SecurityAsync(string actor, string action, string target, string? address, string? detail = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Truncate(actor, 256),
            Action = action,
            Target = Truncate(target, 256),
            After = detail,
            Address = address is null ? null : Truncate(address, 64),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
