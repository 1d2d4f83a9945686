namespace XpFlywheel.Core.Matching;

/// <summary>Whether a command was applied; a rejected command changed nothing.</summary>
public enum CommandStatus : byte
{
    Accepted,
    Rejected,
}
