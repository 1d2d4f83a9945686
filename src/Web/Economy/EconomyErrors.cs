namespace XpFlywheel.Web.Economy;

/// <summary>The machine-readable codes economy refusals carry (the API puts them in problem details).</summary>
public static class EconomyErrors
{
    public const string InvalidName = "invalid_name";
    public const string DuplicateName = "duplicate_name";
    public const string TooManyAgents = "too_many_agents";
    public const string InvalidDescription = "invalid_description";
    public const string AgentNotFound = "agent_not_found";
    public const string AgentRetired = "agent_retired";
    public const string NotYourAgent = "not_your_agent";
    public const string AgentHasLockedXp = "agent_has_locked_xp";
    public const string SameAgent = "same_agent";
    public const string InvalidAmount = "invalid_amount";
    public const string InsufficientCash = "insufficient_cash";
    public const string InsufficientXp = "insufficient_xp";
    public const string NoAgents = "no_agents";
    public const string LockNotFound = "lock_not_found";
    public const string NotLocked = "not_locked";
    public const string NotUnlocking = "not_unlocking";
    public const string AmountExceedsLock = "amount_exceeds_lock";
    public const string NotYetDue = "not_yet_due";
    public const string BelowMinimum = "below_minimum";
    public const string JobNotFound = "job_not_found";
    public const string NotDisputable = "not_disputable";
    public const string NotDisputed = "not_disputed";
    public const string AdminOnly = "admin_only";
}
