using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

/// <summary>Handler of <see cref="OpenWallet"/>: a signed-up user becomes an operator with an empty wallet.</summary>
internal static class WalletHandlers
{
    /// <summary>
    /// Opens the user's wallet at the command's time and returns its id (the operator id); a user who has one already
    /// gets that id back and nothing changes. Throws when the user does not exist: sign-up creates the user before it
    /// opens the wallet, and a replay runs on a database holding the same users, so a missing user is a broken invariant.
    /// </summary>
    public static long Open(ExchangeSession session, OpenWallet command)
    {
        var db = session.Db;
        if (db.Wallets.Where(w => w.UserId == command.UserId).Select(w => (long?)w.Id).SingleOrDefault() is { } existing)
            return existing;
        if (!db.Users.Any(u => u.Id == command.UserId))
            throw new InvalidOperationException($"No user {command.UserId} to open a wallet for.");
        var wallet = new Wallet { UserId = command.UserId, CreatedAt = session.Now };
        db.Wallets.Add(wallet);
        db.SaveChanges();
        return wallet.Id;
    }
}
