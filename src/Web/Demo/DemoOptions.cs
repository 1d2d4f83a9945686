namespace XpFlywheel.Web.Demo;

/// <summary>
/// Demo mode (configuration section <c>Demo</c>): a seeded population run by bots through the same services a user
/// uses, so a newcomer sees the flywheel turn within a minute. Off unless <c>Demo:Enabled</c> is true.
/// </summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }
    public string OperatorEmail { get; set; } = "demo@xpflywheel.local";
    public string OperatorPassword { get; set; } = "Demo123!";
    public int SmallOperators { get; set; } = 40;
    public int LargeOperators { get; set; } = 5;
    public int MarketMakers { get; set; } = 2;

    /// <summary>Time between bot rounds; each round does a handful of actions, so activity is rate-limited.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Seed for the bots' choices, so a demo run is reproducible.</summary>
    public int Seed { get; set; } = 20261125;

    /// <summary>Jobs recorded each round, between random agents of different operators.</summary>
    public int JobsPerRound { get; set; } = 3;

    /// <summary>
    /// USD per XP the market makers regard as fair when their inventory is where they want it (default $0.0200, twice
    /// the default earning cost). They quote around it, skewed by inventory and kept inside the rational range.
    /// </summary>
    public decimal FairPrice { get; set; } = 0.0200m;

    /// <summary>XP each market maker is granted at seeding, and the inventory it steers back to.</summary>
    public long MakerInventory { get; set; } = 3_000_000;

    /// <summary>Price levels each market maker quotes on each side, one tick apart.</summary>
    public int MakerLevels { get; set; } = 3;

    /// <summary>XP per quoted level at target inventory; a side grows or shrinks with the inventory skew.</summary>
    public long MakerQuoteSize { get; set; } = 10_000;

    /// <summary>The most XP a fleet buys in one round on its way to the tier the calculator recommends.</summary>
    public long FleetMaxBuy { get; set; } = 50_000;
}
