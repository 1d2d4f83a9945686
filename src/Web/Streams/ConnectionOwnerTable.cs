namespace XpFlywheel.Web.Streams;

/// <summary>
/// Who owns each SignalR connection token (see <see cref="ConnectionOwners"/>). An owner is kept for as long as any
/// request naming its token is open (a server-sent-events stream or a WebSocket is one request that may last hours)
/// and for <c>idle</c> after the last one ended; only then is it forgotten, and the token is bound again by whoever names
/// it next. Thread-safe; expired owners are purged at most once per <c>idle</c>/4 as requests arrive.
/// </summary>
public sealed class ConnectionOwnerTable(TimeProvider clock, TimeSpan idle)
{
    private sealed class Owner(string who)
    {
        public string Who = who;
        public int Open;
        public DateTimeOffset LastSeen;
    }

    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPurge = clock.GetUtcNow();

    /// <summary>Records <paramref name="who"/> as the owner of <paramref name="token"/> (a negotiation handing it out).</summary>
    public void Bind(string token, string who)
    {
        var now = clock.GetUtcNow();
        lock (_owners)
        {
            if (_owners.TryGetValue(token, out var owner))
                owner.Who = who;
            else
                _owners[token] = owner = new Owner(who);
            owner.LastSeen = now;
            PurgeIfDue(now);
        }
    }

    /// <summary>
    /// Opens a request naming <paramref name="token"/> for <paramref name="who"/>: true (and counted open until
    /// <see cref="Leave"/>) when <paramref name="who"/> owns it or nobody does any more (then <paramref name="who"/> does);
    /// false when another owner holds it.
    /// </summary>
    public bool TryEnter(string token, string who)
    {
        var now = clock.GetUtcNow();
        lock (_owners)
        {
            PurgeIfDue(now);
            if (!_owners.TryGetValue(token, out var owner) || Expired(owner, now))
                _owners[token] = owner = new Owner(who);
            else if (!string.Equals(owner.Who, who, StringComparison.Ordinal))
                return false;
            owner.Open++;
            owner.LastSeen = now;
            return true;
        }
    }

    /// <summary>
    /// Ends a request <see cref="TryEnter"/> admitted; the owner is kept <c>idle</c> from now unless another is open.
    /// When SignalR answered that no such connection exists (<paramref name="gone"/>) and no other request names the
    /// token, it is forgotten at once: there is nothing to guard, and tokens made up by a caller must not pile up
    /// (each was kept for <c>idle</c>, so a flood of them grew memory for minutes).
    /// </summary>
    public void Leave(string token, bool gone = false)
    {
        var now = clock.GetUtcNow();
        lock (_owners)
        {
            if (_owners.TryGetValue(token, out var owner))
            {
                owner.Open = Math.Max(0, owner.Open - 1);
                owner.LastSeen = now;
                if (gone && owner.Open == 0)
                    _owners.Remove(token);
            }
        }
    }

    /// <summary>Owners recorded now (open or within their idle time, and not yet purged).</summary>
    public int Count
    {
        get { lock (_owners) return _owners.Count; }
    }

    private bool Expired(Owner owner, DateTimeOffset now) => owner.Open == 0 && now - owner.LastSeen >= idle;

    private void PurgeIfDue(DateTimeOffset now)
    {
        if (now - _lastPurge < idle / 4)
            return;
        _lastPurge = now;
        foreach (var (token, owner) in _owners)
            if (Expired(owner, now))
                _owners.Remove(token);
    }
}
