using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>
/// What epoch <see cref="Epoch"/> distributes (SPEC §7): XP burned during the previous epoch, plus what the previous
/// close carried over, plus this epoch's emission. Burns feed the <em>next</em> pool, so nobody can burn into
/// the pool they are about to be paid from.
/// </summary>
public sealed record EpochPool(int Epoch, Xp FromBurns, Xp CarryOver, Xp Emission)
{
    public Xp Total => FromBurns + CarryOver + Emission;

    /// <summary>
    /// The pool of <paramref name="epoch"/> from the raw burns: those inside epoch n − 1 by
    /// <paramref name="calendar"/> count. The emission is the parameters' schedule (genesis for epoch 1) unless
    /// the admin set <paramref name="emissionOverride"/> for this epoch.
    /// </summary>
    public static EpochPool For(
        int epoch,
        EpochCalendar calendar,
        IEnumerable<XpBurn> burns,
        Xp carryOver,
        EpochParameters parameters,
        Xp? emissionOverride = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(parameters);
        var fromBurns = epoch == 1
            ? Xp.Zero
            : burns.Where(b => calendar.Contains(epoch - 1, b.At)).Aggregate(Xp.Zero, (sum, b) => sum + b.Amount);
        return For(epoch, fromBurns, carryOver, parameters, emissionOverride);
    }

    /// <summary>The pool of <paramref name="epoch"/> when the previous epoch's burn total is already known.</summary>
    public static EpochPool For(int epoch, Xp burnedInPrevious, Xp carryOver, EpochParameters parameters, Xp? emissionOverride = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(burnedInPrevious.Units, nameof(burnedInPrevious));
        ArgumentOutOfRangeException.ThrowIfNegative(carryOver.Units, nameof(carryOver));
        var emission = emissionOverride ?? parameters.EmissionFor(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(emission.Units, nameof(emissionOverride));
        return new EpochPool(epoch, burnedInPrevious, carryOver, emission);
    }
}
