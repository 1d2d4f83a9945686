namespace XpFlywheel.Core.Ledger;

/// <summary>The two things the ledger counts: cash in micro-dollars and XP in whole units.</summary>
public enum Asset : byte
{
    Cash,
    Xp,
}
