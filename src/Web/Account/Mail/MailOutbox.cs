namespace XpFlywheel.Web.Account.Mail;

/// <summary>
/// Where mail goes in a deployment without a mail transport: the last <see cref="Capacity"/> messages, in memory.
/// With <c>Mail:Outbox</c> on (Development and demo mode by default) the page <c>/dev/outbox</c> shows all of them to
/// anyone, as a mail catcher would: it stands in for every recipient's inbox and is not private, so it is never on for
/// real users. Off, nothing is kept and messages are only logged (recipient and subject, never a link).
/// </summary>
public sealed class MailOutbox(bool enabled, TimeProvider clock)
{
    /// <summary>How many messages are kept; older ones drop off.</summary>
    public const int Capacity = 200;

    private readonly Lock _lock = new();
    private readonly LinkedList<OutboxMessage> _messages = new();
    private long _nextId;

    /// <summary>Whether messages are kept and shown at <c>/dev/outbox</c>.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>Keeps a message (when <see cref="Enabled"/>); returns it as kept, or null.</summary>
    public OutboxMessage? Add(string to, string subject, string text, string? link = null, string? linkText = null)
    {
        if (!Enabled)
            return null;
        lock (_lock)
        {
            var message = new OutboxMessage(++_nextId, clock.GetUtcNow(), to, subject, text, link, linkText);
            _messages.AddFirst(message);
            if (_messages.Count > Capacity)
                _messages.RemoveLast();
            return message;
        }
    }

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<OutboxMessage> Messages()
    {
        lock (_lock)
            return [.. _messages];
    }
}
