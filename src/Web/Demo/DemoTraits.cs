namespace XpFlywheel.Web.Demo;

/// <summary>Traits derived from ids, so they are the same after a restart without being stored.</summary>
internal static class DemoTraits
{
    /// <summary>An agent's chance that a job succeeds: 80% to 98%.</summary>
    public static double Quality(long agentId) => 0.80 + (agentId * 7_919 % 19) / 100.0;

    public static DemoRole RoleOf(string email) =>
        email.StartsWith("fleet-", StringComparison.Ordinal) ? DemoRole.Large
        : email.StartsWith("maker-", StringComparison.Ordinal) ? DemoRole.MarketMaker
        : email.StartsWith("saboteur-", StringComparison.Ordinal) ? DemoRole.Saboteur
        : email.StartsWith("ring-", StringComparison.Ordinal) ? DemoRole.Ring
        : DemoRole.Small;
}
