using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>Epoch settings an admin can change (SPEC §7).</summary>
/// <param name="Length">How long an epoch runs. Defaults to 7 days; demos use minutes.</param>
/// <param name="MinJobs">Non-self-dealing provider jobs in the epoch needed to be eligible. Defaults to 3.</param>
/// <param name="Weights">Component weights. Default 0.40 / 0.30 / 0.20 / 0.10.</param>
/// <param name="GenesisEmission">XP emitted into epoch 1's pool so the flywheel has something to turn. Defaults to 1,000,000.</param>
/// <param name="EmissionPerEpoch">XP emitted into every later epoch's pool. Defaults to 0.</param>
public sealed record EpochParameters(TimeSpan Length, int MinJobs, EpochWeights Weights, Xp GenesisEmission, Xp EmissionPerEpoch)
{
    public static EpochParameters Default { get; } =
        new(TimeSpan.FromDays(7), 3, EpochWeights.Default, new Xp(1_000_000), Xp.Zero);

    /// <summary>
    /// The most XP one epoch may emit (a trillion, a million times the default genesis): an epoch's pool adds its
    /// emission to the burns and the carry-over, and an emission near <see cref="long.MaxValue"/> would overflow that
    /// sum and leave every later close failing.
    /// </summary>
    public static Xp MaxEmission { get; } = new(1_000_000_000_000);

    /// <summary>The shortest epoch an admin may set: one minute (a demo's pace; a deployment's configuration may go lower).</summary>
    public static TimeSpan MinSetLength { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest epoch an admin may set: 366 days, so a typo of days for minutes never stalls the flywheel for years.</summary>
    public static TimeSpan MaxSetLength { get; } = TimeSpan.FromDays(366);

    /// <summary>
    /// The reasons an admin may not set these as the next epoch's rules: those of <see cref="Validate"/>, and a length
    /// outside <see cref="MinSetLength"/>–<see cref="MaxSetLength"/> or not a whole number of seconds (not applied to a
    /// length the deployment's configuration sets, which tests and demos shorten to seconds).
    /// </summary>
    public IReadOnlyList<string> ValidateAsSet()
    {
        var errors = new List<string>(Validate());
        if (Length > TimeSpan.Zero && (Length < MinSetLength || Length > MaxSetLength))
            errors.Add("The epoch length must be from 1 minute (00:01:00) to 366 days (366.00:00:00).");
        else if (Length.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add("The epoch length is set in whole seconds (d.hh:mm:ss, no fraction of a second).");
        return errors;
    }

    /// <summary>The reasons these parameters are unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Length <= TimeSpan.Zero)
            errors.Add("The epoch length must be longer than zero.");
        if (MinJobs < 1)
            errors.Add("MinJobs must be at least 1.");
        if (Weights is null)
            errors.Add("Epoch weights are required.");
        else
            errors.AddRange(Weights.Validate());
        if (GenesisEmission < Xp.Zero)
            errors.Add("The genesis emission cannot be negative.");
        else if (GenesisEmission > MaxEmission)
            errors.Add("The genesis emission can be at most 1,000,000,000,000 XP.");
        if (EmissionPerEpoch < Xp.Zero)
            errors.Add("The per-epoch emission cannot be negative.");
        else if (EmissionPerEpoch > MaxEmission)
            errors.Add("The per-epoch emission can be at most 1,000,000,000,000 XP.");
        return errors;
    }

    /// <summary>The scheduled emission for epoch <paramref name="epoch"/> (numbered from 1).</summary>
    public Xp EmissionFor(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        return epoch == 1 ? GenesisEmission : EmissionPerEpoch;
    }
}
