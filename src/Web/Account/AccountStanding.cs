using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Whether an account may still use what it opened: <see cref="Suspended"/> is raised with the operator id once an
/// admin's lockout or the account's deletion is stored (<see cref="OperatorUserManager"/>), so connections that outlive
/// the request that authenticated them (the user stream's) close; <see cref="IsActiveAsync"/> refuses new ones.
/// </summary>
/// <param name="database">The writer's own context factory: the users table is not projected, so the check (run on
/// every signed-in request) never waits for trading results to be written.</param>
public sealed class AccountStanding(Projection.WriterDatabase database, OperatorDirectory operators, ILogger<AccountStanding> logger)
{
    private readonly IDbContextFactory<AppDbContext> dbFactory = database.Factory;

    /// <summary>
    /// Raised with the operator id of an account just locked out or deleted, on this node or (through
    /// <see cref="Cluster.AccessRelay"/>) on another: open user streams close, signed-in tabs revalidate.
    /// </summary>
    public event Action<long>? Suspended;

    /// <summary>Raised with the operator id of an account locked out or deleted on this node only, for the other nodes to hear.</summary>
    public event Action<long>? SuspendedHere;

    /// <summary>
    /// Raised with the operator id of an account whose roles just changed (an admin granted or revoked admin), on this
    /// node or another: signed-in tabs take up the account's current roles at once.
    /// </summary>
    public event Action<long>? RolesChanged;

    /// <summary>Raised with the operator id of an account whose roles changed on this node only, for the other nodes to hear.</summary>
    public event Action<long>? RolesChangedHere;

    /// <summary>Whether the user still exists and is not locked out.</summary>
    public async Task<bool> IsActiveAsync(string userId, CancellationToken cancellationToken = default) =>
        (await StandingOfAsync(userId, cancellationToken)).Active;

    /// <summary>
    /// Whether the user still exists and is not locked out, and whether it holds the admin role now: one look-up, made on
    /// every signed-in request, so a sign-in cookie whose roles are out of date is re-issued at its next request.
    /// </summary>
    public async Task<(bool Active, bool Admin)> StandingOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                User = u,
                Admin = db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(role => role.Id == r.RoleId && role.NormalizedName == AdminRoleName)),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? (false, false) : (!AccountLockout.IsLockedOut(found.User), found.Admin);
    }

    /// <summary>The operator id of <paramref name="userId"/>'s wallet, read on the writer's database (never waiting for the projection).</summary>
    internal async Task<long?> WalletOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Wallets.AsNoTracking().Where(w => w.UserId == userId).Select(w => (long?)w.Id).SingleOrDefaultAsync(cancellationToken);
    }

    private static readonly string AdminRoleName = Roles.Admin.ToUpperInvariant();

    /// <summary>Tells every listener, here and on the other nodes, that <paramref name="operatorId"/>'s roles changed.</summary>
    internal void ChangeRoles(long operatorId)
    {
        Raise(RolesChangedHere, operatorId);
        Raise(RolesChanged, operatorId);
    }

    /// <summary>Tells this node's listeners that another node changed <paramref name="operatorId"/>'s roles.</summary>
    internal void RolesChangedElsewhere(long operatorId) => Raise(RolesChanged, operatorId);

    /// <summary>
    /// Of <paramref name="operatorIds"/>, those whose account no longer stands: locked out, deleted, or unknown. A node
    /// checks the operators it holds connections of when it may have missed another node's lockout.
    /// </summary>
    public async Task<IReadOnlySet<long>> NotStandingAmongAsync(IReadOnlyCollection<long> operatorIds, CancellationToken cancellationToken = default)
    {
        if (operatorIds.Count == 0)
            return new HashSet<long>();
        var ids = operatorIds.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Wallets.AsNoTracking().Where(w => ids.Contains(w.Id))
            .Select(w => new { w.Id, w.User }).ToListAsync(cancellationToken);
        var standing = owners.Where(o => o.User is not null && !AccountLockout.IsLockedOut(o.User)).Select(o => o.Id);
        return ids.Except(standing).ToHashSet();
    }

    /// <summary>The operator id of <paramref name="userId"/>, read before the account goes (a deleted one has none).</summary>
    internal Task<long?> OperatorOfAsync(string userId, CancellationToken cancellationToken = default) =>
        operators.FindOperatorIdAsync(userId, cancellationToken);

    /// <summary>Tells every listener, here and on the other nodes, that <paramref name="operatorId"/>'s account no longer stands.</summary>
    internal void Suspend(long operatorId)
    {
        Raise(SuspendedHere, operatorId);
        Raise(Suspended, operatorId);
    }

    /// <summary>Tells this node's listeners that another node suspended <paramref name="operatorId"/>'s account.</summary>
    internal void SuspendedElsewhere(long operatorId) => Raise(Suspended, operatorId);

    private void Raise(Action<long>? listeners, long operatorId)
    {
        try
        {
            listeners?.Invoke(operatorId);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Closing what operator {OperatorId} had open failed", operatorId);
        }
    }
}
