namespace XpFlywheel.Core.Economy;

/// <summary>The kinds of step an operator can take to raise an agent's trust.</summary>
public enum TrustAction
{
    /// <summary>Lock more XP on the agent.</summary>
    LockXp,

    /// <summary>Complete more jobs successfully as provider.</summary>
    CompleteJobs,

    /// <summary>Nothing to do but let the agent age.</summary>
    Wait,
}
