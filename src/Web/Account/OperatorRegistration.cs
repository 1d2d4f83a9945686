using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Account;

/// <summary>
/// Creates an operator: the Identity user with the Operator role (one transaction), then the empty wallet through the
/// journaled <see cref="OpenWallet"/> command, so a replay of the journal rebuilds every wallet. Used by the sign-up
/// page, the admin bootstrap and the demo population. A user left without a wallet (a crash between the two steps, or
/// the first admin, created before the exchange runs) gets one when the exchange starts (<see cref="ExchangeHost"/>).
/// </summary>
public sealed class OperatorRegistration(UserManager<ApplicationUser> users, AppDbContext db, ExchangeHost exchange)
{
    /// <summary>The actor that opens wallets at sign-up and at start.</summary>
    public static readonly Actor SignUp = Actor.System("sign-up");

    /// <summary>
    /// Creates the user and opens the wallet. <paramref name="emailConfirmed"/> is false for self-service sign-ups, which
    /// confirm the address by the mailed link before they can sign in; addresses the app owns (the first admin, the demo
    /// population, tests) are confirmed at once. If the wallet cannot be opened, the user is removed again.
    /// </summary>
    public async Task<(ApplicationUser? User, IdentityResult Result)> RegisterAsync(string email, string password,
        CancellationToken cancellationToken = default, bool emailConfirmed = true)
    {
        var (user, result) = await CreateUserAsync(email, password, emailConfirmed, cancellationToken);
        if (user is null)
            return (null, result);
        try
        {
            // Not cancellable: once queued, the wallet opens, and a cancelled wait must not delete a user who has one.
            await OpenWalletAsync(user.Id, CancellationToken.None);
        }
        catch
        {
            await users.DeleteAsync(user);
            throw;
        }
        return (user, IdentityResult.Success);
    }

    /// <summary>Creates the user with the Operator role, without a wallet (opened by <see cref="OpenWalletAsync"/> or at start).</summary>
    public async Task<(ApplicationUser? User, IdentityResult Result)> CreateUserAsync(string email, string password,
        bool emailConfirmed, CancellationToken cancellationToken = default)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = emailConfirmed };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return (null, created);

        var role = await users.AddToRoleAsync(user, Roles.Operator);
        if (!role.Succeeded)
            return (null, role);

        await transaction.CommitAsync(cancellationToken);
        return (user, IdentityResult.Success);
    }

    /// <summary>Opens the user's wallet on the exchange (journaled); returns the operator id.</summary>
    public Task<long> OpenWalletAsync(string userId, CancellationToken cancellationToken = default) =>
        exchange.SubmitAsync<long>(new OpenWallet(userId) { By = SignUp }, cancellationToken);

    public Task<Wallet?> FindWalletAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Wallets.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, cancellationToken);
}
