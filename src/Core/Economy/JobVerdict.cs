namespace XpFlywheel.Core.Economy;

/// <summary>Whether a provider job counts toward trust and epochs (SPEC §3, §6), and if not, why.</summary>
public enum JobVerdict
{
    /// <summary>Counts: not self-dealing, at least the minimum amount, and its outcome is final.</summary>
    Counted,

    /// <summary>Client and provider belong to the same operator.</summary>
    SelfDealing,

    /// <summary>Below the minimum job amount.</summary>
    BelowMinimum,

    /// <summary>A failure still inside its dispute window: it counts once the window passes undisputed.</summary>
    AwaitingWindow,

    /// <summary>A failure the provider disputed: it counts nowhere until an admin resolves it.</summary>
    Disputed,

    /// <summary>A disputed failure an admin voided: it counts nowhere.</summary>
    Voided,
}
