using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// A database that stops answering (a PostgreSQL restart, a cut connection) is no fault of the request: every API
/// request, the check of its API key included, gets 503 <c>database_unavailable</c> problem details with Retry-After,
/// never a bare 500 or a stack trace.
/// </summary>
public sealed class DatabaseOutageTests : IDisposable
{
    private readonly Outage _outage = new();
    private readonly AppFactory _factory;

    public DatabaseOutageTests() => _factory = new AppFactory { Environment = "Production", TestServices = AppFactory.Intercepting(_outage) };

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("GET", "/api/v1/wallet")]
    [InlineData("POST", "/api/v1/orders")]
    public async Task A_database_that_does_not_answer_is_503_database_unavailable_even_while_the_key_is_checked(string method, string path)
    {
        var trader = await ApiClient.CreateAsync(_factory, "outage@test.local", dollars: 100);
        var outage = _outage;
        var client = trader.Http;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/wallet")).StatusCode);

        outage.Down = true;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new StringContent("""{"side":"buy","type":"limit","price":0.0200,"quantity":10}""", System.Text.Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        outage.Down = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("database_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain(" at ", body);
        Assert.True(outage.Refused > 0);
        // Nothing was placed while it was down.
        var orders = JsonDocument.Parse(await client.GetStringAsync("/api/v1/orders")).RootElement;
        Assert.Equal(0, orders.GetProperty("total").GetInt32());
    }

    // While Down is set, reading API keys fails as a cut connection does: the key check, the first read of every keyed
    // request (the writer's own reads go on, so the app keeps its state).
    private sealed class Outage : DbCommandInterceptor
    {
        public volatile bool Down;
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Fail(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        private void Fail(DbCommand command)
        {
            if (!Down || !command.CommandText.Contains("\"ApiKeys\"", StringComparison.Ordinal))
                return;
            Interlocked.Increment(ref _refused);
            throw new InvalidOperationException("Exception while reading from stream", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));
        }
    }
}
