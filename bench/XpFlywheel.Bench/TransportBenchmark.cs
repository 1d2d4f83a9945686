using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using StackExchange.Redis;

namespace XpFlywheel.Bench;

/// <summary>
/// What carrying a follower's command to the leader and its answer back costs on each candidate transport, with the
/// leader's work left out (it echoes): PostgreSQL the way <c>CommandForwarder</c> and <c>InboxRelay</c> do it (batched
/// insert into an inbox table with NOTIFY, claims with UPDATE … RETURNING, answers with UPDATE and NOTIFY, read back by
/// id), and Redis the way a list-and-pub/sub forwarder would (RPUSH, LPOP of up to a batch, one PUBLISH of the batch's
/// answers). Both batch what is waiting on each side, as the real forwarder does. Closed loop: <c>inFlight</c> senders
/// each send, await the answer, and send again.
/// </summary>
public static class TransportBenchmark
{
    private const int Batch = 256;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(string postgres, string redis, int messages, int[] inFlights, TextWriter output)
    {
        var name = "xpf_transport_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("""
                CREATE TABLE inbox (id bigserial PRIMARY KEY, payload text NOT NULL, claimed_at timestamptz, answered_at timestamptz, answer text);
                CREATE INDEX inbox_unanswered ON inbox (id) WHERE answered_at IS NULL;
                """, setup).ExecuteNonQueryAsync();
        }
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Forwarding transport alone (the leader echoes), {messages:N0} round trips per row, payload ~300 bytes"));
        output.WriteLine("| transport | in flight | round trips/s | p50 | p99 | max |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var inFlight in inFlights)
        {
            var pg = await MeasureAsync(new PostgresTransport(database), messages, inFlight);
            output.WriteLine(string.Create(c, $"| PostgreSQL inbox + NOTIFY | {inFlight} | {pg.PerSecond:N0} | {pg.P50:0.00} ms | {pg.P99:0.00} ms | {pg.Max:0.00} ms |"));
            var rd = await MeasureAsync(new RedisTransport(multiplexer, "xpf:bench:" + Guid.NewGuid().ToString("N")[..8]), messages, inFlight);
            output.WriteLine(string.Create(c, $"| Redis list + pub/sub | {inFlight} | {rd.PerSecond:N0} | {rd.P50:0.00} ms | {rd.P99:0.00} ms | {rd.Max:0.00} ms |"));
        }
    }

    private static async Task<(double PerSecond, double P50, double P99, double Max)> MeasureAsync(ITransport transport, int messages, int inFlight)
    {
        await using var _ = transport;
        using var stop = new CancellationTokenSource();
        await transport.StartAsync(stop.Token);
        var payload = new string('x', 300);
        // Warm-up: connections, plans, JIT.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, 64)).Select(_ => transport.SendAsync(payload)));
        var latencies = new ConcurrentBag<double>();
        var remaining = messages;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                await transport.SendAsync(payload);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        var sorted = latencies.Order().ToArray();
        return (messages / elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], sorted[^1]);
    }

    private interface ITransport : IAsyncDisposable
    {
        Task StartAsync(CancellationToken stop);

        /// <summary>Sends one request and completes with its answer.</summary>
        Task<string> SendAsync(string payload);
    }

    // Requests wait here until the sender loop takes them as one batch.
    private abstract class Batching : ITransport
    {
        private readonly Channel<(string Payload, TaskCompletionSource<string> Answer)> _outgoing = Channel.CreateUnbounded<(string, TaskCompletionSource<string>)>();
        private readonly List<Task> _loops = [];

        public Task StartAsync(CancellationToken stop)
        {
            _loops.Add(Task.Run(() => SenderAsync(stop)));
            _loops.AddRange(Loops(stop));
            return Ready();
        }

        public Task<string> SendAsync(string payload)
        {
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _outgoing.Writer.TryWrite((payload, answer));
            return answer.Task;
        }

        protected abstract IEnumerable<Task> Loops(CancellationToken stop);

        protected abstract Task Ready();

        protected abstract Task SendBatchAsync(List<(string Payload, TaskCompletionSource<string> Answer)> batch);

        private async Task SenderAsync(CancellationToken stop)
        {
            var batch = new List<(string, TaskCompletionSource<string>)>(Batch);
            try
            {
                while (await _outgoing.Reader.WaitToReadAsync(stop))
                {
                    batch.Clear();
                    while (batch.Count < Batch && _outgoing.Reader.TryRead(out var item))
                        batch.Add(item);
                    await SendBatchAsync(batch);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Task.WhenAll(_loops);
            }
            catch (Exception error) when (error is OperationCanceledException or NpgsqlException or ObjectDisposedException)
            {
            }
        }
    }

    private sealed class PostgresTransport(string database) : Batching
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _waiting = new();
        private readonly SemaphoreSlim _inbox = new(0, 1);
        private readonly SemaphoreSlim _answers = new(0, 1);
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task Ready() => _listening.Task;

        protected override IEnumerable<Task> Loops(CancellationToken stop) =>
            [Task.Run(() => ListenAsync(stop)), Task.Run(() => LeaderAsync(stop)), Task.Run(() => AnswersAsync(stop))];

        protected override async Task SendBatchAsync(List<(string Payload, TaskCompletionSource<string> Answer)> batch)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO inbox (payload) SELECT unnest(@payloads) RETURNING id; NOTIFY xpfb_inbox;", connection);
            insert.Parameters.AddWithValue("payloads", batch.Select(b => b.Payload).ToArray());
            await using var reader = await insert.ExecuteReaderAsync();
            var i = 0;
            while (await reader.ReadAsync())
                _waiting[reader.GetInt64(0)] = batch[i++].Answer;
        }

        private async Task ListenAsync(CancellationToken stop)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
            connection.Notification += (_, n) => Release(n.Channel == "xpfb_inbox" ? _inbox : _answers);
            await connection.OpenAsync(stop);
            await new NpgsqlCommand("LISTEN xpfb_inbox; LISTEN xpfb_answer;", connection).ExecuteNonQueryAsync(stop);
            _listening.TrySetResult();
            while (!stop.IsCancellationRequested)
                await connection.WaitAsync(stop);
        }

        // The leader: claims what nobody took, echoes it, stores the answers and signals.
        private async Task LeaderAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await _inbox.WaitAsync(Poll, stop);
                while (true)
                {
                    await using var connection = new NpgsqlConnection(database);
                    await connection.OpenAsync(stop);
                    var ids = new List<long>();
                    var answers = new List<string>();
                    await using (var claim = new NpgsqlCommand("""
                        UPDATE inbox SET claimed_at = now() WHERE id IN
                          (SELECT id FROM inbox WHERE claimed_at IS NULL ORDER BY id LIMIT 256 FOR UPDATE SKIP LOCKED)
                        RETURNING id, payload
                        """, connection))
                    await using (var reader = await claim.ExecuteReaderAsync(stop))
                    {
                        while (await reader.ReadAsync(stop))
                        {
                            ids.Add(reader.GetInt64(0));
                            answers.Add(reader.GetString(1).Length.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                    if (ids.Count == 0)
                        break;
                    await using var answer = new NpgsqlCommand("""
                        UPDATE inbox AS i SET answered_at = now(), answer = a.answer FROM unnest(@ids, @answers) AS a(id, answer) WHERE i.id = a.id;
                        NOTIFY xpfb_answer;
                        """, connection);
                    answer.Parameters.AddWithValue("ids", ids.ToArray());
                    answer.Parameters.AddWithValue("answers", answers.ToArray());
                    await answer.ExecuteNonQueryAsync(stop);
                }
            }
        }

        // The follower: reads the answers of what it waits for.
        private async Task AnswersAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await _answers.WaitAsync(Poll, stop);
                if (_waiting.IsEmpty)
                    continue;
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync(stop);
                await using var read = new NpgsqlCommand("SELECT id, answer FROM inbox WHERE id = ANY(@ids) AND answered_at IS NOT NULL", connection);
                read.Parameters.AddWithValue("ids", _waiting.Keys.ToArray());
                await using var reader = await read.ExecuteReaderAsync(stop);
                while (await reader.ReadAsync(stop))
                {
                    if (_waiting.TryRemove(reader.GetInt64(0), out var waiter))
                        waiter.TrySetResult(reader.GetString(1));
                }
            }
        }

        private static void Release(SemaphoreSlim signal)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private sealed class RedisTransport(ConnectionMultiplexer multiplexer, string prefix) : Batching
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _waiting = new();
        private readonly SemaphoreSlim _inbox = new(0, 1);
        private long _next;

        private RedisKey Requests => prefix + ":requests";
        private RedisChannel Answers => RedisChannel.Literal(prefix + ":answers");
        private RedisChannel Wake => RedisChannel.Literal(prefix + ":wake");

        protected override async Task Ready()
        {
            var subscriber = multiplexer.GetSubscriber();
            await subscriber.SubscribeAsync(Answers, (_, message) =>
            {
                foreach (var line in ((string)message!).Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (_waiting.TryRemove(long.Parse(line.AsSpan(0, colon), CultureInfo.InvariantCulture), out var waiter))
                        waiter.TrySetResult(line[(colon + 1)..]);
                }
            });
            await subscriber.SubscribeAsync(Wake, (_, _) =>
            {
                try
                {
                    _inbox.Release();
                }
                catch (SemaphoreFullException)
                {
                }
            });
        }

        protected override IEnumerable<Task> Loops(CancellationToken stop) => [Task.Run(() => LeaderAsync(stop))];

        protected override async Task SendBatchAsync(List<(string Payload, TaskCompletionSource<string> Answer)> batch)
        {
            var values = new RedisValue[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var id = Interlocked.Increment(ref _next);
                _waiting[id] = batch[i].Answer;
                values[i] = id.ToString(CultureInfo.InvariantCulture) + ":" + batch[i].Payload;
            }
            var database = multiplexer.GetDatabase();
            await database.ListRightPushAsync(Requests, values);
            await multiplexer.GetSubscriber().PublishAsync(Wake, "");
        }

        private async Task LeaderAsync(CancellationToken stop)
        {
            var database = multiplexer.GetDatabase();
            while (!stop.IsCancellationRequested)
            {
                await _inbox.WaitAsync(Poll, stop);
                while (await database.ListLeftPopAsync(Requests, Batch) is { Length: > 0 } taken)
                {
                    var answers = string.Join('\n', taken.Select(v =>
                    {
                        var text = (string)v!;
                        var colon = text.IndexOf(':');
                        return text[..colon] + ":" + (text.Length - colon - 1).ToString(CultureInfo.InvariantCulture);
                    }));
                    await multiplexer.GetSubscriber().PublishAsync(Answers, answers);
                }
            }
        }
    }
}
