using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Tests.Economy;

public class EpochParametersTests
{
    [Fact]
    public void Defaults_are_the_spec_values_and_valid()
    {
        var p = EpochParameters.Default;

        Assert.Empty(p.Validate());
        Assert.Equal((TimeSpan.FromDays(7), 3, new Xp(1_000_000), Xp.Zero), (p.Length, p.MinJobs, p.GenesisEmission, p.EmissionPerEpoch));
        Assert.Equal(new EpochWeights(0.40m, 0.30m, 0.20m, 0.10m), p.Weights);
    }

    [Theory]
    [InlineData(0.4, 0.3, 0.2, 0.2, "sum to 1")]
    [InlineData(1.1, -0.1, 0, 0, "negative")]
    public void Weights_must_be_non_negative_and_sum_to_one(double v, double q, double d, double r, string reason)
    {
        var weights = new EpochWeights((decimal)v, (decimal)q, (decimal)d, (decimal)r);

        Assert.Contains(weights.Validate(), e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1_000_000_000_001L, 0L, "genesis emission can be at most")]
    [InlineData(0L, 1_000_000_000_001L, "per-epoch emission can be at most")]
    [InlineData(0L, long.MaxValue, "per-epoch emission can be at most")]
    public void An_emission_is_at_most_a_trillion_xp_so_a_pool_never_overflows(long genesis, long perEpoch, string reason)
    {
        var p = EpochParameters.Default with { GenesisEmission = new Xp(genesis), EmissionPerEpoch = new Xp(perEpoch) };

        Assert.Contains(p.Validate(), e => e.Contains(reason, StringComparison.Ordinal));
        Assert.Empty((EpochParameters.Default with { GenesisEmission = EpochParameters.MaxEmission, EmissionPerEpoch = EpochParameters.MaxEmission }).Validate());
    }

    [Fact]
    public void Unusable_parameters_are_refused_with_every_reason()
    {
        var p = new EpochParameters(TimeSpan.Zero, 0, EpochWeights.Default, new Xp(-1), new Xp(-1));

        Assert.Equal(4, p.Validate().Count);
    }
}
