namespace XpFlywheel.Web.Economy;

/// <summary>An agent in a picker: enough to tell agents of the same name apart.</summary>
public sealed record AgentOption(long Id, string Name, long OperatorId, string OperatorName)
{
    public override string ToString() => $"{Name} ({OperatorName})";
}
