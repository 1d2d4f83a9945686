using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Api;

/// <summary>
/// An error nobody planned for still answers an API client in the API's own format: 500 problem details with a
/// code and a trace id, and nothing of the exception. Pages keep the HTML error page.
/// </summary>
public sealed class UnhandledErrorTests : IDisposable
{
    private const string Secret = "connection string with password=hunter2";

    private readonly AppFactory _production = new() { Environment = "Production" };
    private readonly AppFactory _development = new();

    public void Dispose()
    {
        _production.Dispose();
        _development.Dispose();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Unhandled_api_error_is_problem_details_without_a_stack_trace(string environment)
    {
        var client = Throwing(environment == "Production" ? _production : _development).CreateClient();
        client.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml");

        var response = await client.GetAsync("/api/v1/test-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain(" at ", body);
    }

    /// <summary>A database that does not answer (a cut connection inside the error) is 503 database_unavailable, not 500.</summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_database_that_does_not_answer_is_503_with_retry_after_not_a_500(string environment)
    {
        var client = Throwing(environment == "Production" ? _production : _development).CreateClient();

        var response = await client.GetAsync("/api/v1/test-outage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("database_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("hunter2", body);
    }

    /// <summary>
    /// A refusal that reaches the API inside another error (the writer reports its projection's stop as its own
    /// failure, with the fence that stopped it inside) is answered as that refusal: 503 with its code, not 500.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/test-fenced-inside", "writer_moved")]
    [InlineData("/api/v1/test-stopped-inside", "exchange_unavailable")]
    [InlineData("/api/v1/test-leader-inside", "leader_unavailable")]
    public async Task A_refusal_wrapped_in_another_error_is_answered_as_that_refusal_not_a_500(string path, string code)
    {
        var client = Throwing(_production).CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("hunter2", body);
    }

    [Fact]
    public async Task Unhandled_page_error_in_production_is_the_html_error_page()
    {
        var client = Throwing(_production).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/test-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", body);
        Assert.DoesNotContain("hunter2", body);
    }

    // The real app plus two paths that fail, added after the app's own pipeline so its error handling wraps them.
    private static WebApplicationFactory<Program> Throwing(AppFactory factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingPaths>()));

    private sealed class ThrowingPaths : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/api/v1/test-throw", api => api.Run(_ => throw new InvalidOperationException(Secret)));
            app.Map("/api/v1/test-outage", api => api.Run(_ => throw new InvalidOperationException(Secret,
                new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))));
            app.Map("/api/v1/test-fenced-inside", api => api.Run(_ => throw new InvalidOperationException(Secret, new XpFlywheel.Web.Data.WriterFencedException(1))));
            app.Map("/api/v1/test-stopped-inside", api => api.Run(_ => throw new AggregateException(
                new InvalidOperationException(Secret, XpFlywheel.Web.Exchange.ExchangeStoppedException.ShuttingDown()))));
            app.Map("/api/v1/test-leader-inside", api => api.Run(_ => throw new InvalidOperationException(Secret,
                new XpFlywheel.Web.Cluster.LeaderUnavailableException("No leader answered."))));
            app.Map("/test-throw", page => page.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}
