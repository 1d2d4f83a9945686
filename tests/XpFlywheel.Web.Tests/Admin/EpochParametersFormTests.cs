using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Epochs;

namespace XpFlywheel.Web.Tests.Admin;

public sealed class EpochParametersFormTests : MudTestContext
{
    private static readonly DateTimeOffset T0 = new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);

    private readonly TestClock _clock = new(T0);
    private readonly ClockedAppFactory _app;

    public EpochParametersFormTests()
    {
        _app = new ClockedAppFactory(_clock);
        _app.Settings["Epochs:Length"] = "01:00:00";
        foreach (var type in new[] { typeof(ParameterBoard), typeof(ParameterDefaults), typeof(ExchangeHost), typeof(ExchangeFeed) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    private ParameterBoard Board => _app.Services.GetRequiredService<ParameterBoard>();

    private IRenderedComponent<EpochParametersForm> RenderForm() => Render<EpochParametersForm>(p => p.Add(x => x.Actor, "admin@test.local"));

    private static Task SaveAsync(IRenderedComponent<EpochParametersForm> form) =>
        form.OnRenderer(() => form.FindAll("button").Single(b => b.TextContent.Contains("Save epoch parameters")).ClickAsync(new()));

    private static string MinJobsShown(IRenderedComponent<EpochParametersForm> form) =>
        form.Find("input[data-testid=epoch-min-jobs]").GetAttribute("value")!;

    private async Task CloseTheOpenEpochAsync()
    {
        _clock.Advance(TimeSpan.FromHours(1));
        await _app.Services.GetRequiredService<EpochService>().CloseDueAsync();
    }

    /// <summary>A MinJobs or emission below its minimum is refused with its rule, never raised to the minimum and saved.</summary>
    [Theory]
    [InlineData(1, "-1", "MinJobs must be at least 1")]
    [InlineData(1, "0", "MinJobs must be at least 1")]
    [InlineData(6, "-5", "genesis emission")]
    [InlineData(7, "-5", "emission")]
    public async Task An_out_of_range_epoch_parameter_is_refused_not_clamped(int field, string typed, string rule)
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var before = Board.Current;
        var form = RenderForm();

        form.OnRenderer(() => form.FindAll("input")[field].Change(typed));
        Assert.Equal(typed, form.FindAll("input")[field].GetAttribute("value"));
        await SaveAsync(form);

        form.WaitForAssertion(() =>
            Assert.Contains(rule, form.Find("[data-testid=epoch-parameter-errors]").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, Board.Current);
        Assert.Null(Board.Current.PendingEpoch);
    }

    /// <summary>
    /// A form whose fields were edited before another tab saved the epoch rules does not put back what that save set:
    /// its save is refused, and it shows the rules now pending.
    /// </summary>
    [Fact]
    public async Task An_epoch_form_edited_before_another_save_is_refused_and_keeps_the_other_change()
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var first = RenderForm();
        var second = RenderForm();
        second.OnRenderer(() => second.FindAll("input")[6].Change("2000000"));   // genesis emission, edited and not yet saved

        first.OnRenderer(() => first.Find("input[data-testid=epoch-min-jobs]").Change("5"));
        await SaveAsync(first);
        first.WaitForAssertion(() => Assert.Equal(5, Board.Current.PendingEpoch?.MinJobs));
        await SaveAsync(second);

        second.WaitForAssertion(() => Assert.Contains(AdminForm.ChangedElsewhere, second.Find("[data-testid=parameters-changed-elsewhere]").TextContent));
        Assert.Equal(5, Board.Current.PendingEpoch?.MinJobs);
        Assert.Equal("5", MinJobsShown(second));
    }

    [Fact]
    public async Task PromotedEpochParametersShowOnTheAdminFormAfterAClose()
    {
        await _app.Services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, Board.Current.Epoch.MinJobs);
        var form = RenderForm();

        form.OnRenderer(() => form.Find("input[data-testid=epoch-min-jobs]").Change("5"));
        await SaveAsync(form);

        // Pending: shown as such, not yet in force.
        form.WaitForAssertion(() => Assert.Contains("5 jobs", form.Find("[data-testid=epoch-pending]").TextContent));
        Assert.Equal(5, Board.Current.PendingEpoch?.MinJobs);
        Assert.Equal(3, Board.Current.Epoch.MinJobs);
        Assert.Contains("3 jobs", form.Find("[data-testid=epoch-in-force]").TextContent);

        await CloseTheOpenEpochAsync();

        // In force after the close: the snapshot, the open form and a freshly opened one all say 5, nothing pending.
        Assert.Equal(5, Board.Current.Epoch.MinJobs);
        Assert.Null(Board.Current.PendingEpoch);
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=epoch-pending]")));
        Assert.Contains("5 jobs", form.Find("[data-testid=epoch-in-force]").TextContent);
        Assert.Equal("5", MinJobsShown(form));
        var reopened = RenderForm();
        Assert.Equal("5", MinJobsShown(reopened));
        Assert.Contains("5 jobs", reopened.Find("[data-testid=epoch-in-force]").TextContent);
        Assert.Empty(reopened.FindAll("[data-testid=epoch-pending]"));

        // Saving the form unchanged keeps 5, through the next close too.
        await SaveAsync(reopened);
        await CloseTheOpenEpochAsync();

        Assert.Equal(5, Board.Current.Epoch.MinJobs);
        Assert.Null(Board.Current.PendingEpoch);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Settings.AnyAsync(s => s.Key == ParameterRows.PendingEpochKey));
        Assert.Equal(5, (await ParameterRows.LoadAsync(db, ParameterDefaults.None, NullLogger.Instance)).Epoch.MinJobs);
        Assert.Equal(3, await db.Epochs.CountAsync());
    }
}
