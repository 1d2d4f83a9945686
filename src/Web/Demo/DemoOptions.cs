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
}
