namespace XpFlywheel.Web.Demo;

/// <summary>What a demo operator does. <see cref="Saboteur"/> and <see cref="Ring"/> misbehave so the defences show.</summary>
public enum DemoRole { Small, Large, MarketMaker, Saboteur, Ring }

/// <summary>A demo operator and its agents, with the traits the bots act on.</summary>
public sealed record DemoOperator(long OperatorId, DemoRole Role, IReadOnlyList<DemoAgent> Agents)
{
    /// <summary>
    /// The account people sign in to (<see cref="DemoOptions.OperatorEmail"/>): its agents are hired like anyone's, but
    /// no bot places, cancels or locks for it, so what its orders and locks do is what the person did.
    /// </summary>
    public bool Human { get; init; }
}

/// <summary>A demo agent; <see cref="Quality"/> is the chance its jobs succeed.</summary>
public sealed record DemoAgent(long AgentId, long OperatorId, double Quality);

/// <summary>Everyone the bots play, found again from the database after a restart.</summary>
public sealed record DemoCast(IReadOnlyList<DemoOperator> Operators)
{
    public IEnumerable<DemoOperator> Of(DemoRole role) => Operators.Where(o => o.Role == role);
}
