namespace XpFlywheel.Web.Streams;

/// <summary>Settings of the private user stream (section <c>UserHub</c>).</summary>
public sealed class UserHubOptions
{
    /// <summary>Messages one connection may have waiting before it counts as not reading and is dropped.</summary>
    public int OutboxCapacity { get; set; } = 1024;

    /// <summary>Latest events kept per operator for clients that reconnect; an older last sequence gets a snapshot.</summary>
    public int ReplayCapacity { get; set; } = 1000;

    /// <summary>How long an operator's events are kept after their last connection closed.</summary>
    public TimeSpan IdleRetention { get; set; } = TimeSpan.FromMinutes(15);
}
