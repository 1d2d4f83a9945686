using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Creates an operator: the Identity user, the Operator role and an empty wallet, in one transaction so a
/// user never exists without a wallet. Used by the sign-up page, the admin bootstrap and the demo population.
/// </summary>
public sealed class OperatorRegistration(UserManager<ApplicationUser> users, AppDbContext db)
{
    public async Task<(ApplicationUser? User, IdentityResult Result)> RegisterAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return (null, created);

        var role = await users.AddToRoleAsync(user, Roles.Operator);
        if (!role.Succeeded)
            return (null, role);

        db.Wallets.Add(new Wallet { UserId = user.Id });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, IdentityResult.Success);
    }

    public Task<Wallet?> FindWalletAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Wallets.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, cancellationToken);
}
