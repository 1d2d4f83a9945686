using XpFlywheel.Web.Account;
using XpFlywheel.Web.Api;
using XpFlywheel.Web.Components;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Demo;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Operations;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Operations.Telemetry;
using XpFlywheel.Web.RateLimits;
using XpFlywheel.Web.Settings;
using XpFlywheel.Web.Streams;

var builder = WebApplication.CreateBuilder(StartupExtensions.Options(args));

try
{
    Configure(builder);
}
catch (StartupConfigurationException error) when (!StartupFailures.Throw(builder.Configuration))
{
    // Nothing logs yet: the reason alone, on standard error, and exit 2 ("fix the settings"), not an abort with a stack trace.
    Console.Error.WriteLine($"Start-up stopped: {error.Message}");
    return 2;
}

var app = builder.Build();
// Read now: a failed start disposes the app, its configuration with it.
var throwOnFailure = StartupFailures.Throw(app.Configuration);

try
{
    await app.PrepareAsync();
}
catch (XpFlywheel.Web.Data.WriterLeaseUnavailableException) when (!throwOnFailure)
{
    // Logged as critical with the database named; exit 3 tells a supervisor "another process is the writer", not a crash.
    return 3;
}
catch (Exception error) when (XpFlywheel.Web.Operations.StartupExtensions.Unreachable(error) && !throwOnFailure)
{
    // Logged as critical: the database never answered within Database:StartWait. Exit 4, not an unhandled-exception
    // abort, so a supervisor restarts it as a dependency that was not there yet.
    return 4;
}
catch (StartupConfigurationException) when (!throwOnFailure)
{
    // Logged as critical with what to change (an admin without a password, …).
    return 2;
}
catch (Exception) when (!throwOnFailure)
{
    // Logged as critical with its reason (a database that answered with an error: no such database, a refused
    // password): exit 1 rather than an unhandled-exception abort.
    return 1;
}

// The API's exception handler first, so a failure anywhere after it is a problem; then the client's address and scheme
// behind a trusted proxy, so the API key allow-lists, HTTPS redirection and everything else see them; then the
// refusals of oversized requests, answered before a key is looked up; then authentication, which the framework would
// otherwise add at the very start.
app.UseApiExceptions();
app.UseProxyHeaders();
app.UseSecurityHeaders();
app.UseRequestEdges();
app.UseAuthentication();
app.UseAuthorization();
app.UseTelemetry();
app.UseSameOriginSockets();
app.UseConnectionOwners();
app.UseShell();
// The rate limits come before the API's own refusals (a bad Idempotency-Key, a body too large or compressed), so that
// each of those is counted and says where the caller stands like every other answer.
app.UseRateLimits();
app.UseApiErrors();
app.MapHealth();
app.MapAccountEndpoints();
app.MapEpochs();
app.MapApi();
app.MapShell();
app.MapMarket();
app.MapUserStream();

app.Run();
return 0;

// Every service the app registers; a StartupConfigurationException here stops the start with its message (exit 2).
static void Configure(WebApplicationBuilder builder)
{
    SettingsCheck.Validate(builder.Configuration);
    builder.AddProxyHeaders();
    builder.AddSecurityHeaders();
    builder.AddRequestEdges();
    builder.AddDatabase();
    builder.AddAccounts();
    builder.AddShell();
    builder.AddSettings();
    builder.AddExchange();
    builder.AddEconomy();
    builder.AddOtc();
    builder.AddHubErrorLog();
    builder.AddMarket();
    builder.AddUserStream();
    builder.AddEpochs();
    builder.AddApi();
    builder.AddRateLimits();
    builder.AddDemo();
    builder.AddTelemetry();
}

/// <summary>Entry point, public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
