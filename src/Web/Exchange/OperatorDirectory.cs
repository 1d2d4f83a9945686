using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

/// <summary>Maps signed-in users to their operator (wallet) id and back; both never change once created, so they are cached.</summary>
public sealed class OperatorDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, long> _byUser = new();
    private readonly ConcurrentDictionary<long, string> _names = new();

    public async Task<long?> FindOperatorIdAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await FindOperatorIdAsync(userId, cancellationToken);
    }

    public async Task<long?> FindOperatorIdAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (_byUser.TryGetValue(userId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = await db.Wallets.Where(w => w.UserId == userId).Select(w => (long?)w.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is { } found)
            _byUser[userId] = found;
        return id;
    }

    /// <summary>
    /// The sign-in email of each of <paramref name="operatorIds"/> that has an account with one, read fresh (an email can
    /// change): for admin pages, which must tell operators apart by who they are, never for pages other operators see.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> EmailsAsync(IReadOnlyCollection<long> operatorIds, CancellationToken cancellationToken = default)
    {
        if (operatorIds.Count == 0)
            return new Dictionary<long, string>();
        var ids = operatorIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Wallets.AsNoTracking().Where(w => ids.Contains(w.Id) && w.User!.Email != null)
            .Select(w => new { w.Id, w.User!.Email }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Email!);
    }

    /// <summary>The operator's public name (<see cref="Account.OperatorNames.Of"/>), for boards and tapes.</summary>
    public async Task<string> NameOfAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        if (_names.TryGetValue(operatorId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Wallets.Where(w => w.Id == operatorId).Select(w => new { w.User!.DisplayName, w.User.Email }).SingleOrDefaultAsync(cancellationToken);
        var name = Account.OperatorNames.Of(user?.DisplayName, user?.Email, operatorId);
        _names[operatorId] = name;
        return name;
    }

    /// <summary>
    /// Drops the cached name of <paramref name="operatorId"/> after they chose a new one here; the other nodes drop
    /// theirs when they hear of it (<see cref="NameChangedHere"/>, <see cref="Cluster.AccessRelay"/>).
    /// </summary>
    public void NameChanged(long operatorId)
    {
        _names.TryRemove(operatorId, out _);
        NameChangedHere?.Invoke(operatorId);
    }

    /// <summary>Raised with the operator id of a name changed on this node, for the other nodes to hear.</summary>
    public event Action<long>? NameChangedHere;

    /// <summary>Drops the cached name of <paramref name="operatorId"/>, changed on another node.</summary>
    internal void NameChangedElsewhere(long operatorId) => _names.TryRemove(operatorId, out _);
}
