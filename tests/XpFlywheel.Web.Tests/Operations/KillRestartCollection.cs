namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// The kill test runs on its own, after the tests that run in parallel: its kills land at moments measured against
/// a load, and a child process starved of CPU by the rest of the suite spends them starting up instead of trading.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KillRestartCollection
{
    public const string Name = "kill-restart";
}
