namespace XpFlywheel.Web.Data;

/// <summary>
/// An operator's balances. <see cref="Id"/> is the operator id the engine and ledger use: an integer keeps
/// the matching path free of string keys. Cash is in micro-dollars, XP in whole units.
/// </summary>
public class Wallet
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public ApplicationUser? User { get; set; }

    public long CashAvailable { get; set; }
    public long CashHeld { get; set; }
    public long XpAvailable { get; set; }
    public long XpHeld { get; set; }
    public long XpLocked { get; set; }
    public long XpUnlocking { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
