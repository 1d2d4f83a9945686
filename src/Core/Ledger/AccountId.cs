namespace XpFlywheel.Core.Ledger;

/// <summary>
/// One ledger account: an owner (an operator id &gt; 0, or <see cref="SystemOwner"/>), an asset and a kind.
/// Use the factory members rather than the constructor so only valid combinations exist.
/// </summary>
public readonly record struct AccountId(long Owner, Asset Asset, AccountKind Kind)
{
    /// <summary>The owner of the system accounts; operator ids are always greater.</summary>
    public const long SystemOwner = 0;

    public static AccountId CashAvailable(long operatorId) => new(operatorId, Asset.Cash, AccountKind.Available);
    public static AccountId CashHeld(long operatorId) => new(operatorId, Asset.Cash, AccountKind.Held);
    public static AccountId XpAvailable(long operatorId) => new(operatorId, Asset.Xp, AccountKind.Available);
    public static AccountId XpHeld(long operatorId) => new(operatorId, Asset.Xp, AccountKind.Held);
    public static AccountId XpLocked(long operatorId) => new(operatorId, Asset.Xp, AccountKind.Locked);
    public static AccountId XpUnlocking(long operatorId) => new(operatorId, Asset.Xp, AccountKind.Unlocking);

    public static AccountId Treasury => new(SystemOwner, Asset.Cash, AccountKind.Treasury);
    public static AccountId BurnPool => new(SystemOwner, Asset.Xp, AccountKind.BurnPool);
    public static AccountId Emission => new(SystemOwner, Asset.Xp, AccountKind.Emission);
    public static AccountId ExternalCash => new(SystemOwner, Asset.Cash, AccountKind.ExternalCash);
    public static AccountId JobEscrow => new(SystemOwner, Asset.Cash, AccountKind.JobEscrow);
    public static AccountId OtcCashEscrow => new(SystemOwner, Asset.Cash, AccountKind.OtcCashEscrow);
    public static AccountId OtcXpEscrow => new(SystemOwner, Asset.Xp, AccountKind.OtcXpEscrow);

    /// <summary>Source accounts are where value enters, so they alone may go negative.</summary>
    public bool IsSource => Kind is AccountKind.Emission or AccountKind.ExternalCash;

    /// <summary>True for the combinations the ledger keeps; anything else is a programming error.</summary>
    public bool IsValid => Owner == SystemOwner
        ? Kind switch
        {
            AccountKind.Treasury or AccountKind.ExternalCash or AccountKind.JobEscrow or AccountKind.OtcCashEscrow => Asset == Asset.Cash,
            AccountKind.BurnPool or AccountKind.Emission or AccountKind.OtcXpEscrow => Asset == Asset.Xp,
            _ => false,
        }
        : Owner > 0 && Kind switch
        {
            AccountKind.Available or AccountKind.Held => true,
            AccountKind.Locked or AccountKind.Unlocking => Asset == Asset.Xp,
            _ => false,
        };

    public override string ToString() => Owner == SystemOwner ? $"{Kind}" : $"{Owner}:{Asset}:{Kind}";
}
