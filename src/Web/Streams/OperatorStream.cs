using Microsoft.AspNetCore.SignalR;

namespace XpFlywheel.Web.Streams;

/// <summary>
/// One operator's numbered events and the connections following them. Touched only by <see cref="UserStream"/>'s
/// loop, so it needs no lock. Sequences of one stream are consecutive; a stream starts above any earlier one's (its
/// first number comes from the clock), so a last sequence from before a restart or an eviction is never resumed.
/// </summary>
internal sealed class OperatorStream(long start, int capacity)
{
    private readonly Queue<StreamEntry> _buffer = new();

    /// <summary>The last sequence given out (<c>start</c> before the first event).</summary>
    public long Sequence { get; private set; } = start;

    /// <summary>The connections following this operator, by connection id.</summary>
    public Dictionary<string, StreamFollower> Followers { get; } = new(StringComparer.Ordinal);

    /// <summary>When the last follower left (while there is none).</summary>
    public DateTimeOffset IdleSince { get; set; }

    /// <summary>Numbers the next event, keeps it for replay (dropping the oldest past capacity) and returns it.</summary>
    public StreamEntry Append(long? journalSequence, string method, Func<long, object> build)
    {
        var sequence = ++Sequence;
        var entry = new StreamEntry(sequence, journalSequence, new SerializedHubMessage(
            new Microsoft.AspNetCore.SignalR.Protocol.InvocationMessage(method, [build(sequence)])));
        _buffer.Enqueue(entry);
        while (_buffer.Count > capacity)
            _buffer.Dequeue();
        return entry;
    }

    // The first sequence a client may resume from: none before a break (Break).
    private long _resumableFrom = start;

    /// <summary>
    /// Ends resuming from anything numbered so far: the events kept are dropped and one number is passed over, so the
    /// snapshot that follows is numbered above every event before it and a client resuming from before gets one too.
    /// </summary>
    public void Break()
    {
        _buffer.Clear();
        _resumableFrom = ++Sequence;
    }

    /// <summary>The events after <paramref name="after"/>, when every one of them is still kept; otherwise false.</summary>
    public bool TryReplay(long after, out List<StreamEntry> missed)
    {
        missed = [];
        if (after < _resumableFrom)
            return false;
        if (after == Sequence)
            return true;
        if (after > Sequence || _buffer.Count == 0 || after < _buffer.Peek().Sequence - 1)
            return false;
        foreach (var entry in _buffer)
        {
            if (entry.Sequence > after)
                missed.Add(entry);
        }
        return true;
    }
}

/// <summary>
/// A numbered event, serialised once for every connection. <see cref="JournalSequence"/> is the journal sequence whose
/// state it reports (null for a notification): a snapshot at that sequence or later already holds it.
/// </summary>
internal sealed record StreamEntry(long Sequence, long? JournalSequence, SerializedHubMessage Message);

/// <summary>
/// A connection following a stream: live, or waiting for its snapshot, holding what arrives meanwhile
/// (<see cref="Pending"/>) and the stream's sequence when it asked (<see cref="AskedAt"/>).
/// </summary>
internal sealed class StreamFollower
{
    public bool Live { get; set; }
    public long AskedAt { get; set; }

    /// <summary>Which snapshot read the follower waits for: a reload asks for another, and the older one is dropped.</summary>
    public int Generation { get; set; }

    /// <summary>Completed once the snapshot the follower waits for is queued (its Subscribe's reply waits for it).</summary>
    public TaskCompletionSource? Queued { get; set; }
    public List<StreamEntry> Pending { get; } = [];
}
