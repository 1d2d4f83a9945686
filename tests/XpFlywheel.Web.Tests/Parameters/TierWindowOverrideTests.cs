using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Economy;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Parameters;

public sealed class TierWindowOverrideTests : IAsyncDisposable
{
    private readonly AppFactory _factory = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Configured_tier_window_is_in_force_while_the_admins_stored_days_are_kept()
    {
        _factory.Settings["Tiers:Window"] = "00:01:00";
        var host = _factory.Services.GetRequiredService<ExchangeHost>();
        await host.Ready;
        var board = _factory.Services.GetRequiredService<ParameterBoard>();

        Assert.Equal(TimeSpan.FromMinutes(1), board.Current.Tiers.Window);
        Assert.Equal(FeeSchedule.DefaultWindow, board.Current.TierWindowAsStored);

        var changed = await host.SubmitAsync<Validated<ParameterSet>>(new SetFeeTiers(FeeSchedule.Default.Tiers, 10) { By = Actor.Admin("admin@test.local") });

        Assert.True(changed.IsValid);
        Assert.Equal(TimeSpan.FromMinutes(1), board.Current.Tiers.Window);
        Assert.Equal(TimeSpan.FromDays(10), board.Current.TierWindowAsStored);
    }

    [Fact]
    public async Task Without_a_configured_window_the_stored_one_is_in_force()
    {
        await _factory.Services.GetRequiredService<ExchangeHost>().Ready;

        var current = _factory.Services.GetRequiredService<ParameterBoard>().Current;

        Assert.Equal(FeeSchedule.DefaultWindow, current.Tiers.Window);
        Assert.Equal(FeeSchedule.DefaultWindow, current.TierWindowAsStored);
    }

    [Theory]
    [InlineData(30 * 24 * 60, "30 days")]
    [InlineData(24 * 60, "1 day")]
    [InlineData(3 * 60, "3 hours")]
    [InlineData(90, "90 minutes")]
    [InlineData(1, "1 minute")]
    public void Tier_window_is_written_in_days_hours_or_minutes(int minutes, string written)
    {
        Assert.Equal(written, Fmt.Window(TimeSpan.FromMinutes(minutes)));
    }
}
