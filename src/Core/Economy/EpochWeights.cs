namespace XpFlywheel.Core.Economy;

/// <summary>
/// How much each component of an agent's epoch share counts (SPEC §7): volume, quality (success rate),
/// diversity (distinct counterparty operators) and reputation (trust). The weights must sum to exactly 1.
/// </summary>
public sealed record EpochWeights(decimal Volume, decimal Quality, decimal Diversity, decimal Reputation)
{
    /// <summary>0.40 volume, 0.30 quality, 0.20 diversity, 0.10 reputation.</summary>
    public static EpochWeights Default { get; } = new(0.40m, 0.30m, 0.20m, 0.10m);

    /// <summary>The weights in component order V, Q, D, R.</summary>
    public IReadOnlyList<decimal> InOrder => [Volume, Quality, Diversity, Reputation];

    /// <summary>The reasons these weights are unusable; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (InOrder.Any(w => w < 0m))
            errors.Add("Epoch weights cannot be negative.");
        if (InOrder.Sum() != 1m)
            errors.Add($"Epoch weights must sum to 1 (they sum to {InOrder.Sum()}).");
        return errors;
    }
}
