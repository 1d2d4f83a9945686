using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.MarketData;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Exchange;

// A follower: the same state as the leader's, rebuilt from the tables and kept current by applying the leader's journal.
public sealed partial class ExchangeHost
{
    // Serialises the replica's changes with reads of it (ReadAsync on a follower) and with the switch to leading.
    private readonly SemaphoreSlim _replicaGate = new(1, 1);
    private long _leaderSequence;
    private long _caughtUpAtTicks;
    private TaskCompletionSource _replicaMoved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once this process is the writer and its loop runs: background jobs that issue commands of their own
    /// (epoch closes, releases, the demo) wait for it, so only the leader runs them. A follower completes
    /// <see cref="Ready"/> (its replica is loaded) long before.
    /// </summary>
    public Task WriterReady => _writing.Task;

    /// <summary>True while this process follows another's journal (PostgreSQL only); false on the writer.</summary>
    public bool Following => node?.Following == true;

    /// <summary>
    /// True while this process is the writer and its loop runs: background jobs that issue commands of their own skip
    /// their runs otherwise (a node that lost the writer and follows must not run them twice).
    /// </summary>
    public bool IsWriter => !Following && _status.State == WriterState.Running;

    // Counts the times this process became the writer: a lease watch of an earlier leadership ends.
    private long _leadership;

    /// <summary>The last journal sequence this follower has seen the leader write (its own on the writer).</summary>
    public long LeaderSequence => Following ? Interlocked.Read(ref _leaderSequence) : JournalSequence;

    /// <summary>How long the oldest command this follower handed to the leader has waited for its answer (zero when none waits).</summary>
    public TimeSpan ForwardWait => Following && forwarder is not null ? forwarder.OldestWait : TimeSpan.Zero;

    /// <summary>
    /// Whether a command this follower handed to the leader waits for its answer now; false when <see cref="ForwardWait"/>
    /// only remembers one withdrawn unanswered (no leader has answered since).
    /// </summary>
    public bool ForwardWaiting => Following && forwarder is { AnyWaiting: true };

    /// <summary>Commands the leader journaled that this follower has not applied yet (0 on the writer).</summary>
    public long ReplicaLag => Following ? Math.Max(0, LeaderSequence - JournalSequence) : 0;

    /// <summary>While a follower is behind: how long since it was last caught up with the leader's journal.</summary>
    public TimeSpan ReplicaLagTime => ReplicaLag == 0 ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Max(0, clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _caughtUpAtTicks)));

    // The commands whose results are projected behind the journal: a follower applies them in memory. Every other
    // command's rows the leader wrote with its journal row, in one transaction: a follower applies the postings of those
    // that change nothing else it holds (AppliesFromPostings) and reloads from the tables at the rest.
    private static bool IsTrading(ExchangeCommand command) => command is SubmitOrder or ReplaceOrder or CancelOrder or CancelAllOrders;

    // Commands whose only effect on the replica (ledger, book, parameters) is their postings: agents, jobs, disputes,
    // trust, burns, locks, wallets and cash, OTC, the epoch's exclusions, score lines and paid parts. Halts, parameter
    // changes and the epoch's start, close and end (which bring epoch parameters into force) reload; so does any command
    // added later until it is named here.
    private static bool AppliesFromPostings(ExchangeCommand command) => command is
        OpenWallet or DepositCash or WithdrawCash or GrantXp
        or RegisterAgent or RenameAgent or DescribeAgent or RetireAgent
        or RecordJob or DisputeJob or ResolveDispute or CloseDisputeWindows or RefreshTrust
        or BurnXp or LockXp or RequestUnlock or CancelUnlock or ReleaseUnlocks
        or SetEpochExclusions or StageEpochScore or PayEpochPart
        or PostOtcOffer or CancelOtcOffer or TakeOtcOffer or RequestOtcQuotes or QuoteOtcRequest or AcceptOtcQuote or CancelOtcRequest or ExpireOtc;

    /// <summary>How many times this follower rebuilt its replica from the tables (its first load included).</summary>
    public long ReplicaReloads => Interlocked.Read(ref _replicaReloads);

    private long _replicaReloads;

    // Follows the leader's journal until this process takes the writer lease.
    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Another process holds the writer for {Database}: this node follows its journal and forwards commands to it", lease!.Database);
        await ReloadUntilAvailableReplicaAsync(stoppingToken, first: true);
        _status = new WriterStatus(WriterState.Following, "This node follows the leader's journal; commands go to the leader.");
        _ready.TrySetResult();
        var lastTry = Stopwatch.GetTimestamp();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            if (Stopwatch.GetElapsedTime(lastTry) >= LeaseRetry)
            {
                lastTry = Stopwatch.GetTimestamp();
                if (await TryTakeLeaseAsync(stoppingToken))
                    break;
            }
            int applied;
            try
            {
                applied = await FollowJournalAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Following the leader's journal failed at sequence {Sequence}; reloading the replica", JournalSequence);
                await ReloadUntilAvailableReplicaAsync(stoppingToken);
                continue;
            }
            if (applied == 0)
                await signals!.WaitAsync(ClusterNode.JournalChannel, progress.Lag > 0 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(200), stoppingToken);
        }

        // The lease is ours: from here on commands queue for this process's own loop, which starts once it has loaded.
        await _replicaGate.WaitAsync(stoppingToken);
        try
        {
            // A node that led before (and lost the writer) closed its queue when its loop ended: a new one for this loop.
            if (!_queueOpen)
            {
                _requests = Channel.CreateUnbounded<ExchangeRequest>(new UnboundedChannelOptions { SingleReader = true });
                _queueOpen = true;
            }
            node!.Lead();
            _status = new WriterStatus(WriterState.Loading, "Taking over as the writer.");
        }
        finally
        {
            _replicaGate.Release();
        }
        logger.LogWarning("This node took the writer lease for {Database} at journal sequence {Sequence}: it becomes the leader", lease!.Database, LeaderSequence);
    }

    // The leader's watch on its own lease: a database restart ends the lease's session without anyone else taking
    // it, and a leader that did not take it back would stay Unhealthy for good (and let a follower take over). Every
    // Cluster:LeaseRenewInterval (1 s) it checks the session and takes the lease again if it is free.
    private async Task KeepLeaseAsync(long leadership, CancellationToken stoppingToken)
    {
        var interval = configuration?.GetValue<TimeSpan?>("Cluster:LeaseRenewInterval") ?? TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested && _fenced is null && !LeaseTakenNow && !Following && Interlocked.Read(ref _leadership) == leadership)
            {
                await Task.Delay(interval, stoppingToken);
                // Fenced or following since the delay began: the lease is not this leadership's to take back.
                if (_fenced is not null || Following || Interlocked.Read(ref _leadership) != leadership)
                    break;
                if (!await lease!.RenewAsync(stoppingToken) && _fenced is null)
                {
                    logger.LogWarning("This leader does not hold the writer lease for {Database}; another node may take over", lease.Database);
                    await FindTakeoverAsync(leadership, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            logger.LogError(error, "Watching the writer lease failed");
        }
    }

    // A leader whose lease another node holds (it was paused, and ended as silent, or cut off) learns from the fence
    // whether that node became the writer; if so its loop ends as a fenced batch's does and it follows, without
    // waiting for a command to meet the fence. A lease held by nobody new is taken back at the next renewal.
    private async Task FindTakeoverAsync(long leadership, CancellationToken stoppingToken)
    {
        try
        {
            await WriterFence.ThrowIfStaleAsync(dbFactory, FencingToken, stoppingToken);
        }
        catch (WriterFencedException fenced)
        {
            // Only for the leadership that asked: the loop may have met the fence meanwhile and this node follows (or
            // leads again, under a newer token), and a mark left from before would refuse that leadership's batches.
            if (Interlocked.Read(ref _leadership) != leadership || Following || _fenced is not null || fenced.Token != FencingToken)
                return;
            logger.LogWarning("Another node took the writer from this one while it did not hold the lease ({Reason}); it stops writing and follows", fenced.Message);
            _leaseTaken = fenced;
            try
            {
                // Wakes the loop, which meets the takeover before anything else it runs.
                _ = Enqueue(new ExchangeRequest<long>(session => session.Sequence) { ReadOnly = true }, CancellationToken.None)
                    .ContinueWith(read => _ = read.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            catch (Exception error) when (error is WriterFencedException or ExchangeStoppedException or Cluster.LeaderUnavailableException)
            {
                // The loop has already ended.
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "Reading the writer fence failed; the next renewal looks again");
        }
    }

    // Set when the lease watch found another node writing (FindTakeoverAsync): the next batch ends the loop with it.
    private volatile WriterFencedException? _leaseTaken;

    // Whether the mark is this leadership's (its token is the one this process writes with now).
    private bool LeaseTakenNow => _leaseTaken is { } taken && taken.Token == FencingToken;

    /// <summary>
    /// How long the leader's lease session may stay silent before a follower takes it to have stopped and ends it:
    /// <c>Cluster:LeaderSilenceLimit</c>, 5 s by default, never less than 3 s (the driver probes a held lease's session
    /// every second, <see cref="PostgresWriterLease"/>, from the moment the lock is taken); zero turns it off.
    /// </summary>
    private TimeSpan LeaderSilenceLimit
    {
        get
        {
            var limit = configuration?.GetValue<TimeSpan?>("Cluster:LeaderSilenceLimit") ?? TimeSpan.FromSeconds(5);
            if (limit <= TimeSpan.Zero)
                return TimeSpan.Zero;
            return limit > MinimumSilence ? limit : MinimumSilence;
        }
    }

    private static readonly TimeSpan MinimumSilence = TimeSpan.FromSeconds(3);

    private long _lastSilenceCheck;

    /// <summary>How often a follower looks for a silent holder while the lease stays taken.</summary>
    private static readonly TimeSpan SilenceCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often a follower tries to take the writer lease (the lease ends with the leader's session).</summary>
    private static readonly TimeSpan LeaseRetry = TimeSpan.FromMilliseconds(250);

    private async Task<bool> TryTakeLeaseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lease!.AcquireAsync(stoppingToken);
            return true;
        }
        catch (WriterLeaseUnavailableException)
        {
            // Held: by a live leader, or by one that stopped without its session ending (paused, hung), which would
            // otherwise hold the writer, and every command, until it resumed.
            if (LeaderSilenceLimit <= TimeSpan.Zero || Stopwatch.GetElapsedTime(_lastSilenceCheck) < SilenceCheckInterval)
                return false;
            _lastSilenceCheck = Stopwatch.GetTimestamp();
            try
            {
                if (!await lease!.EndSilentHolderAsync(LeaderSilenceLimit, stoppingToken))
                    return false;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Looking for a silent holder of the writer lease failed; trying again");
                return false;
            }
            // The server releases the lock as the ended session exits: the next tries (every 250 ms) take it.
            return false;
        }
        catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "Trying the writer lease failed; trying again");
            return false;
        }
    }

    // Applies what the leader journaled after this replica's position. Returns how many commands it consumed.
    private async Task<int> FollowJournalAsync(CancellationToken stoppingToken)
    {
        List<JournalRow> json;
        long checkpoint;
        var after = JournalSequence;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            json = await db.Journal.AsNoTracking().Where(j => j.Sequence > after).OrderBy(j => j.Sequence)
                .Take(FollowChunk).Select(j => new JournalRow(j.Command, j.NextPostingSequence)).ToListAsync(stoppingToken);
            checkpoint = await db.MarketState.AsNoTracking().MaxAsync(m => (long?)m.ProjectedSequence, stoppingToken) ?? 0;
            var head = json.Count == FollowChunk
                ? await db.Journal.MaxAsync(j => (long?)j.Sequence, stoppingToken) ?? after
                : after + json.Count;
            Interlocked.Exchange(ref _leaderSequence, Math.Max(Interlocked.Read(ref _leaderSequence), head));
        }
        progress.Advance(checkpoint);
        if (json.Count == 0)
        {
            Interlocked.Exchange(ref _caughtUpAtTicks, clock.GetUtcNow().UtcTicks);
            return 0;
        }

        var commands = json.Select(row => CommandJson.Deserialize(row.Command)).ToList();
        // The postings of this chunk's economy commands, read once for all of them when the first is reached.
        PostedWindow? posted = null;
        for (var start = 0; start < commands.Count;)
        {
            var first = commands[start];
            if (first.Sequence == JournalSequence + 1 && !IsTrading(first))
            {
                // A run of commands whose rows came with their journal rows and that change nothing here but balances:
                // their postings, read from the tables, move this ledger as they moved the leader's.
                var last = start;
                while (last < commands.Count && last - start < MaxBatch && AppliesFromPostings(commands[last]) && json[last].NextPostingSequence is not null
                       && commands[last].Sequence == first.Sequence + (last - start))
                    last++;
                if (last > start)
                    posted ??= await ReadPostedAsync(json, commands, stoppingToken);
                if (last > start && await ApplyPostedAsync(commands, posted!, json[last - 1].NextPostingSequence!.Value, start, last, stoppingToken))
                {
                    start = last;
                    continue;
                }
            }
            if (first.Sequence != JournalSequence + 1 || !IsTrading(first))
            {
                // Economy, parameters, wallets…: their rows came with their journal row, so the tables hold them now.
                var before = JournalSequence;
                await ReloadReplicaAsync(stoppingToken, steppingTo: first.Sequence == before + 1 ? first.Sequence : null);
                await PublishEconomyAsync(await EconomyCommandsAsync(before, JournalSequence, stoppingToken), stoppingToken);
                return start + 1;
            }
            var end = start;
            while (end < commands.Count && end - start < MaxBatch && commands[end].At == first.At && IsTrading(commands[end])
                   && commands[end].Sequence == first.Sequence + (end - start))
                end++;
            await _replicaGate.WaitAsync(stoppingToken);
            try
            {
                ApplyFollowed(commands, start, end);
            }
            finally
            {
                _replicaGate.Release();
            }
            start = end;
        }
        if (JournalSequence >= Interlocked.Read(ref _leaderSequence))
            Interlocked.Exchange(ref _caughtUpAtTicks, clock.GetUtcNow().UtcTicks);
        return commands.Count;
    }

    private const int FollowChunk = 4_096;

    private readonly record struct JournalRow(string Command, long? NextPostingSequence);

    // Postings by sequence, from where the ledger stood when a chunk's first economy command was reached up to the
    // highest mark of the chunk: every economy command's postings (committed with its journal row) and whatever trading
    // postings the leader's projection had written meanwhile (not needed: a follower computes those itself).
    private sealed record PostedWindow(Dictionary<long, Data.Entities.PostingRecord> BySequence);

    // One query per chunk of the journal, however many economy runs it holds: a follower that kept one query per run
    // spent more than the reload it replaced when orders and jobs alternate.
    private async Task<PostedWindow> ReadPostedAsync(List<JournalRow> rows, List<ExchangeCommand> commands, CancellationToken stoppingToken)
    {
        var from = _state!.Ledger.NextPostingSequence;
        var through = from;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].NextPostingSequence is { } mark && AppliesFromPostings(commands[i]))
                through = Math.Max(through, mark);
        }
        if (through == from)
            return new PostedWindow([]);
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var postings = await db.Postings.AsNoTracking().Where(p => p.Sequence >= from && p.Sequence < through).ToListAsync(stoppingToken);
        return new PostedWindow(postings.ToDictionary(p => p.Sequence));
    }

    // Applies commands[start..end) by their postings: those numbered from where this ledger stands up to the leader's
    // next posting sequence after the last of them (through), committed with their journal rows. False (nothing
    // changed) when the window read does not hold every one of them; the caller then reloads.
    private async Task<bool> ApplyPostedAsync(List<ExchangeCommand> commands, PostedWindow posted, long through, int start, int end,
        CancellationToken stoppingToken)
    {
        // Only this loop changes the replica, so its ledger can be read outside the gate.
        var from = _state!.Ledger.NextPostingSequence;
        if (through < from)
            return false;
        var rows = new List<Data.Entities.PostingRecord>((int)Math.Min(through - from, 100_000));
        for (var sequence = from; sequence < through; sequence++)
        {
            if (!posted.BySequence.TryGetValue(sequence, out var row))
                return false;
            rows.Add(row);
        }
        await _replicaGate.WaitAsync(stoppingToken);
        try
        {
            var state = _state!;
            var events = new List<ExchangeEvent>();
            var session = new ExchangeSession(state, null!, () => throw new InvalidOperationException("A follower writes nothing."), commands[end - 1].At, events)
            {
                Sequence = _journalSequence,
            };
            var wasHalted = state.Engine.IsHalted;
            // A posting the ledger refuses (out of order, not postable) throws before it moves anything; the loop then
            // reloads the replica, which replaces this ledger whole.
            foreach (var row in rows)
            {
                state.Ledger.ApplyRecorded(new Core.Ledger.Posting(row.Sequence,
                    new Core.Ledger.AccountId(row.FromOwner, (Core.Ledger.Asset)row.FromAsset, (Core.Ledger.AccountKind)row.FromKind),
                    new Core.Ledger.AccountId(row.ToOwner, (Core.Ledger.Asset)row.ToAsset, (Core.Ledger.AccountKind)row.ToKind),
                    row.Amount, (Core.Ledger.PostingReason)row.Reason, row.Reference));
            }
            LedgerWriter.Collect(session);
            if (session.EscrowOperators.Count > 0)
            {
                // The leader committed the offers' and jobs' rows with these commands' journal rows.
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await state.Escrow.RefreshAsync(db, session.EscrowOperators, stoppingToken);
            }
            Interlocked.Exchange(ref _journalSequence, commands[end - 1].Sequence);
            progress.Commit(_journalSequence);
            Interlocked.Increment(ref _economyVersion);
            Publish(session, events, wasHalted);
            SignalReplicaMoved();
        }
        finally
        {
            _replicaGate.Release();
        }
        await PublishEconomyAsync(commands.GetRange(start, end - start), stoppingToken);
        return true;
    }

    // One leader batch of trading commands, applied in memory by the same handlers and published as the leader did.
    private void ApplyFollowed(List<ExchangeCommand> commands, int start, int end)
    {
        var state = _state!;
        var events = new List<ExchangeEvent>();
        var session = new ExchangeSession(state, null!, () => throw new InvalidOperationException("A follower writes nothing."), commands[start].At, events)
        {
            Sequence = _journalSequence,
        };
        var wasHalted = state.Engine.IsHalted;
        for (var i = start; i < end; i++)
        {
            CommandHandlers.Apply(session, commands[i]);
            LedgerWriter.Collect(session);
            Interlocked.Exchange(ref _journalSequence, commands[i].Sequence);
        }
        progress.Commit(_journalSequence);
        // Client order ids past their retention leave this engine as they leave the leader's (whose batches forget them
        // once a minute): a follower that seldom reloads would otherwise keep every id it ever saw. Whether an id is
        // taken depends only on the commands' times, so forgetting here changes no answer.
        if (session.Now >= _nextReplicaPurge)
        {
            state.Engine.ForgetExpiredClientOrderIds(new DateTimeOffset(DateTime.SpecifyKind(session.Now, DateTimeKind.Utc)).ToUnixTimeMilliseconds(), []);
            _nextReplicaPurge = session.Now + TimeSpan.FromMinutes(1);
        }
        Publish(session, events, wasHalted);
        SignalReplicaMoved();
    }

    private DateTime _nextReplicaPurge;

    // The replica reloaded once the database answers: a follower rides out a database restart instead of stopping.
    private async Task ReloadUntilAvailableReplicaAsync(CancellationToken stoppingToken, bool first = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.Delay(first && attempt == 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempt)), stoppingToken);
                await ReloadReplicaAsync(stoppingToken, first);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Loading the replica from the database failed (attempt {Attempt}); trying again", attempt);
            }
        }
    }

    // Rebuilds the replica from the tables, read as one snapshot, at their checkpoint; then publishes what changed.
    // steppingTo: the one command the reload takes in (an economy command, whose rows came with its journal row); null
    // when it should leave the replica where it stands. A checkpoint elsewhere skipped commands whose own events this
    // node never published, or goes back to publish some again: ReplicaReloaded says so.
    private async Task ReloadReplicaAsync(CancellationToken stoppingToken, bool first = false, long? steppingTo = null)
    {
        var loaded = await ExchangeLoader.LoadAsync(dbFactory, parameterDefaults, parameters.Current.Version, logger, stoppingToken, KeyRetention, snapshot: true);
        Interlocked.Increment(ref _replicaReloads);
        await _replicaGate.WaitAsync(stoppingToken);
        try
        {
            var before = _state;
            var from = Interlocked.Read(ref _journalSequence);
            _state = loaded;
            // The tables' checkpoint: the replica is the state after it, and applies the journal from there.
            Interlocked.Exchange(ref _journalSequence, loaded.ProjectedSequence);
            Interlocked.Exchange(ref _leaderSequence, Math.Max(Interlocked.Read(ref _leaderSequence), _journalSequence));
            progress.Restart(_journalSequence);
            Interlocked.Increment(ref _economyVersion);
            if (first || before is null || !SameParameters(before.Parameters, loaded.Parameters))
                PublishParameters();
            else
                loaded.Parameters = before.Parameters;
            PublishBook();
            if (before is not null)
            {
                PublishReloadedBalances(before, loaded);
                if (loaded.ProjectedSequence != (steppingTo ?? from))
                    feed.Publish(new ReplicaReloaded(from, loaded.ProjectedSequence));
            }
            SignalReplicaMoved();
        }
        finally
        {
            _replicaGate.Release();
        }
    }

    private static bool SameParameters(Parameters.ParameterSet a, Parameters.ParameterSet b) =>
        JsonSerializer.Serialize(a with { Version = 0 }, CommandJson.Options) == JsonSerializer.Serialize(b with { Version = 0 }, CommandJson.Options);

    // Whose balances a reload changed (a burn, a lock, a job, an epoch credit): their pages and streams hear it.
    private void PublishReloadedBalances(ExchangeState before, ExchangeState after)
    {
        var changed = new List<WalletBalances>();
        foreach (var operatorId in after.Ledger.Operators)
        {
            var now = WalletBalances.Of(after.Ledger, operatorId, after.Escrow.Of(operatorId));
            if (WalletBalances.Of(before.Ledger, operatorId, before.Escrow.Of(operatorId)) != now)
                changed.Add(now);
        }
        if (before.Engine.IsHalted != after.Engine.IsHalted)
            feed.Publish(new MarketStateChanged(after.Engine.IsHalted));
        if (changed.Count == 0)
            return;
        var ids = changed.Select(b => b.OperatorId).ToArray();
        feed.Publish(new BalancesChanged(ids));
        feed.Publish(new OrdersChanged(ids));
        feed.Publish(new AccountActivity(_journalSequence, clock.GetUtcNow(), [], changed.ToArray()));
    }

    // Every command a reload took in, from the journal (the leader may have committed more since the rows read before it).
    private async Task<List<ExchangeCommand>> EconomyCommandsAsync(long after, long through, CancellationToken stoppingToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var json = await db.Journal.AsNoTracking().Where(j => j.Sequence > after && j.Sequence <= through).OrderBy(j => j.Sequence)
            .Select(j => j.Command).ToListAsync(stoppingToken);
        return json.Select(CommandJson.Deserialize).Where(c => !IsTrading(c)).ToList();
    }

    // What the leader's handlers published for the economy commands a reload took in, told in the same event types
    // from the commands themselves (and the tables, for a closed epoch), so pages on this node refresh as they do on
    // the leader's. Coarser than the leader's: who and which agents, not every figure.
    private async Task PublishEconomyAsync(List<ExchangeCommand> commands, CancellationToken stoppingToken)
    {
        if (commands.Count == 0)
            return;
        var agents = new HashSet<long>();
        var operators = new HashSet<long>();
        var locks = new HashSet<long>();
        var otc = false;
        var epochs = new HashSet<long>();
        foreach (var command in commands)
        {
            switch (command)
            {
                case RegisterAgent c: operators.Add(c.OperatorId); break;
                case RenameAgent c: operators.Add(c.OperatorId); agents.Add(c.AgentId); break;
                case DescribeAgent c: operators.Add(c.OperatorId); agents.Add(c.AgentId); break;
                case RetireAgent c: operators.Add(c.OperatorId); agents.Add(c.AgentId); break;
                case RecordJob c:
                    operators.Add(c.OperatorId); agents.Add(c.ClientAgentId); agents.Add(c.ProviderAgentId);
                    feed.Publish(new Economy.JobRecorded(0, c.OperatorId, 0, c.ClientAgentId, c.ProviderAgentId));
                    break;
                case LockXp c: operators.Add(c.OperatorId); locks.Add(c.OperatorId); agents.Add(c.AgentId); break;
                case RequestUnlock c: operators.Add(c.OperatorId); locks.Add(c.OperatorId); break;
                case CancelUnlock c: operators.Add(c.OperatorId); locks.Add(c.OperatorId); break;
                case BurnXp c: operators.Add(c.OperatorId); break;
                case CloseEpoch c: epochs.Add(c.Number); break;
                case PayEpochPart c: epochs.Add(c.Number); break;
                case PostOtcOffer or CancelOtcOffer or TakeOtcOffer or RequestOtcQuotes or QuoteOtcRequest or AcceptOtcQuote or CancelOtcRequest or ExpireOtc:
                    otc = true; break;
            }
        }
        if (agents.Count > 0 || operators.Count > 0 || commands.Any(c => c is RefreshTrust or ReleaseUnlocks or ResolveDispute or CloseDisputeWindows or PayEpochPart))
            feed.Publish(new Economy.AgentsChanged(agents.ToArray(), operators.ToArray()));
        if (locks.Count > 0 || commands.Any(c => c is ReleaseUnlocks))
            feed.Publish(new Economy.LocksChanged(locks.ToArray()));
        if (otc)
            feed.Publish(new Otc.OtcChanged());
        if (epochs.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        foreach (var epoch in await db.Epochs.AsNoTracking().Where(e => epochs.Contains(e.Number) && e.Status == Data.Entities.EpochStatus.Closed)
                     .OrderBy(e => e.Number).ToListAsync(stoppingToken))
            feed.Publish(new Epochs.EpochClosed(epoch.Number, epoch.Pool, epoch.Allocated, epoch.CarryOut, epoch.AgentsPaid, PaidByOperator: null));
    }

    private void SignalReplicaMoved()
    {
        var moved = Interlocked.Exchange(ref _replicaMoved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        moved.TrySetResult();
    }

    // Waits until this follower's replica has applied the leader's journal through sequence (bounded: a replica that
    // lags more than the wait answers with what it has; reads still wait for the tables through ProjectedReads).
    private async Task WaitForReplicaAsync(long sequence, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReplicaWait.TotalSeconds * Stopwatch.Frequency);
        while (Following && JournalSequence < sequence && Stopwatch.GetTimestamp() < deadline)
        {
            var moved = Volatile.Read(ref _replicaMoved).Task;
            if (JournalSequence >= sequence)
                break;
            await Task.WhenAny(moved, Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (Following)
            progress.Commit(Math.Max(progress.Committed, sequence));
    }

    private static readonly TimeSpan ReplicaWait = TimeSpan.FromSeconds(5);

    // A command received by a follower: the leader applies it and the caller gets the leader's outcome, once this
    // node's replica has caught up with it (so what the caller reads next on this node includes it).
    private async Task<T> ForwardAsync<T>(ExchangeCommand command, CancellationToken cancellationToken)
    {
        var answer = await forwarder!.ForwardAsync(command, cancellationToken);
        await WaitForReplicaAsync(answer.Sequence, cancellationToken);
        return answer.OutcomeAs<T>(command);
    }

    // A read of the state on a follower: between two applications of the journal.
    private async Task<T> ReadReplicaAsync<T>(Func<ExchangeSession, T> read, CancellationToken cancellationToken)
    {
        await _replicaGate.WaitAsync(cancellationToken);
        var released = false;
        try
        {
            if (!Following)
            {
                _replicaGate.Release();
                released = true;
                return await Enqueue(new ExchangeRequest<T>(read) { ReadOnly = true }, cancellationToken);
            }
            var session = new ExchangeSession(_state!, null!, () => throw new InvalidOperationException("A read writes nothing."),
                clock.GetUtcNow().UtcDateTime, []) { Sequence = _journalSequence };
            return read(session);
        }
        finally
        {
            if (!released)
                _replicaGate.Release();
        }
    }
}
