namespace XpFlywheel.Core.Commands;

/// <summary>Who issued a command: an operator (by operator id), an admin (by user name) or the system itself.</summary>
public enum ActorKind
{
    /// <summary>The app's own scheduled work: epoch closes, unlock releases, trust refreshes, the demo population.</summary>
    System = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>
/// The issuer of a command. <paramref name="OperatorId"/> is set for operators, <paramref name="Name"/> for admins
/// (their user name) and the system (the job's name). Idempotency keys are scoped to one actor (<see cref="Scope"/>).
/// <paramref name="Address"/> is the client IP an admin acted from, as their page was served (an IPv4 or IPv6 address
/// in text), or null: the audit entries the command writes record it. It is journaled with the command (left out of
/// the JSON when null), so a replay writes the same entries; it is not part of the actor's scope or of a command's
/// terms, so a retry from another address is still a retry.
/// </summary>
public sealed record Actor(ActorKind Kind, long OperatorId = 0, string? Name = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Address = null)
{
    /// <summary>An operator acting on their own account.</summary>
    public static Actor Operator(long operatorId) => new(ActorKind.Operator, operatorId);

    /// <summary>A signed-in admin, named as the audit log names them, acting from <paramref name="address"/> when known.</summary>
    public static Actor Admin(string name, string? address = null) => new(ActorKind.Admin, 0, name, address);

    /// <summary>Scheduled work of the app itself.</summary>
    public static Actor System(string job) => new(ActorKind.System, 0, job);

    /// <summary>The namespace of this actor's idempotency keys: "o:42", "a:admin@example.com", "s:epochs".</summary>
    public string Scope => Kind switch
    {
        ActorKind.Operator => $"o:{OperatorId}",
        ActorKind.Admin => $"a:{Name}",
        _ => $"s:{Name}",
    };

    public override string ToString() => Scope;
}
