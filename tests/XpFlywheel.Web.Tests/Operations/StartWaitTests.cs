using System.Net;
using System.Net.Sockets;
using Npgsql;
using XpFlywheel.Web.Tests.Cluster;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// A node whose database does not answer yet waits for it (up to <c>Database:StartWait</c>) instead of failing at
/// once, and one whose database never answers stops with a clear log entry and exit code 4, not an abort.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StartWaitTests(PostgresServer server)
{
    [Fact]
    public async Task A_database_that_never_answers_stops_the_start_with_exit_code_4_after_the_wait()
    {
        var folder = Folder();
        var unreachable = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Port = NodeProcess.FreePort() }.ConnectionString;
        await using var node = new NodeProcess("no-database", unreachable, folder);
        node.Settings["Database__StartWait"] = "00:00:02";

        node.Start();

        Assert.Equal(4, await node.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var log = node.Log();
        Assert.Contains("The database does not answer", log);
        Assert.Contains("Start-up stopped", log);
        Assert.DoesNotContain("Unhandled exception", log);
    }

    [Fact]
    public async Task A_database_that_answers_within_the_wait_is_waited_for_and_the_node_starts()
    {
        var folder = Folder();
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        var port = NodeProcess.FreePort();
        await using var node = new NodeProcess("late-database", new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = port }.ConnectionString, folder);
        node.Settings["Database__StartWait"] = "00:01:00";
        node.Start();

        // Nothing listens on the node's port until the node has said it is waiting; then it reaches the real server
        // through a relay there. Waiting for the log line, not a fixed delay, keeps a slow start from racing the relay.
        var waiting = DateTime.UtcNow + TimeSpan.FromSeconds(50);
        while (!node.Log().Contains("The database does not answer") && DateTime.UtcNow < waiting && node.Running)
        {
            await Task.Delay(100);
        }

        Assert.True(node.Running);
        Assert.Contains("The database does not answer", node.Log());
        using var stop = new CancellationTokenSource();
        var relay = RelayAsync(port, server.Port, stop.Token);
        try
        {
            await node.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stop.CancelAsync();
            node.Kill();
            await relay;
        }
    }

    private static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xpflywheel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    // Accepts connections on `from` and pipes each, both ways, to `to` on loopback, until stopped.
    private static async Task RelayAsync(int from, int to, CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, from);
        listener.Start();
        var pipes = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                pipes.Add(Task.Run(async () =>
                {
                    using var inbound = client;
                    using var outbound = new TcpClient();
                    await outbound.ConnectAsync(IPAddress.Loopback, to, stop);
                    var a = inbound.GetStream();
                    var b = outbound.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
                }, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Stop();
            try
            {
                await Task.WhenAll(pipes);
            }
            catch (Exception error) when (error is OperationCanceledException or IOException or SocketException)
            {
                // The node was killed or the relay stopped mid-copy.
            }
        }
    }
}
