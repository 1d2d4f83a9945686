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

var app = builder.Build();

try
{
    await app.PrepareAsync();
}
catch (XpFlywheel.Web.Data.WriterLeaseUnavailableException)
{
    // Logged as critical with the database named; exit 3 tells a supervisor "another process is the writer", not a crash.
    return 3;
}
catch (Exception error) when (XpFlywheel.Web.Operations.StartupExtensions.Unreachable(error))
{
    // Logged as critical: the database never answered within Database:StartWait. Exit 4, not an unhandled-exception
    // abort, so a supervisor restarts it as a dependency that was not there yet.
    return 4;
}

app.UseProxyHeaders();
app.UseTelemetry();
app.UseSecurityHeaders();
app.UseRequestEdges();
app.UseSameOriginSockets();
app.UseShell();
app.UseApiErrors();
app.UseRateLimits();
app.MapHealth();
app.MapAccountEndpoints();
app.MapEpochs();
app.MapApi();
app.MapShell();
app.MapMarket();
app.MapUserStream();

app.Run();
return 0;

/// <summary>Entry point, public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
