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

    /// <summary>
    /// An admin sets an epoch length from one minute to 366 days: one second, or 274 years typed as days, is refused
    /// with the range (a configured length, which tests and demos shorten to seconds, is not an admin's setting).
    /// </summary>
    [Theory]
    [InlineData("00:00:01", false)]
    [InlineData("00:00:59", false)]
    [InlineData("00:01:00", true)]
    [InlineData("7.00:00:00", true)]
    [InlineData("366.00:00:00", true)]
    [InlineData("366.00:00:01", false)]
    [InlineData("99999.00:00:00", false)]
    public void An_epoch_length_an_admin_sets_is_from_one_minute_to_366_days(string length, bool allowed)
    {
        var p = EpochParameters.Default with { Length = TimeSpan.Parse(length, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Empty(p.Validate());
        if (allowed)
            Assert.Empty(p.ValidateAsSet());
        else
            Assert.Contains(p.ValidateAsSet(), e => e.Contains("from 1 minute (00:01:00) to 366 days", StringComparison.Ordinal));
    }

    /// <summary>An epoch length an admin sets is whole seconds: 00:01:00.5 was saved and shown as 00:01:00.5000000.</summary>
    [Theory]
    [InlineData("00:01:00.5", false)]
    [InlineData("1.00:00:00.001", false)]
    [InlineData("00:01:01", true)]
    public void An_epoch_length_an_admin_sets_is_whole_seconds(string length, bool allowed)
    {
        var p = EpochParameters.Default with { Length = TimeSpan.Parse(length, System.Globalization.CultureInfo.InvariantCulture) };

        if (allowed)
            Assert.Empty(p.ValidateAsSet());
        else
            Assert.Contains(p.ValidateAsSet(), e => e.Contains("whole seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Unusable_parameters_are_refused_with_every_reason()
    {
        var p = new EpochParameters(TimeSpan.Zero, 0, EpochWeights.Default, new Xp(-1), new Xp(-1));

        Assert.Equal(4, p.Validate().Count);
    }
}
