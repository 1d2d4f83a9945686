using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Operations;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>
/// A setting the app no longer reads is named in a warning at start, with where its value lives now: a deployment
/// that still set Market:EarningCostPerXp found the chart's floor back at $0.01 without a word.
/// </summary>
public sealed class RemovedSettingTests : IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly AppFactory _app = new() { Settings = { [StartupExtensions.RemovedEarningCostKey] = "0.02" } };
    private readonly WebApplicationFactory<Program> _factory;

    public RemovedSettingTests() =>
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(_logs)));

    public void Dispose()
    {
        _factory.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task A_start_with_the_removed_earning_cost_setting_warns_where_the_earning_cost_is_set_now()
    {
        await _factory.Services.GetRequiredService<ExchangeHost>().Ready;

        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(StartupExtensions.RemovedEarningCostKey, StringComparison.Ordinal));
        Assert.Contains("/admin/parameters", warning.Message);
        Assert.Equal(100, _factory.Services.GetRequiredService<ParameterBoard>().Current.Market.EarningCostTicks);
    }
}
