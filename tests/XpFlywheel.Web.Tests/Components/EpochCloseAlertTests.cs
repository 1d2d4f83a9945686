using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Epochs;

namespace XpFlywheel.Web.Tests.Components;

public class EpochCloseAlertTests : MudTestContext
{
    private static readonly DateTimeOffset At = new(2027, 6, 7, 1, 0, 3, TimeSpan.Zero);

    [Fact]
    public void A_failing_close_is_an_error_alert_with_its_cause_attempts_and_next_retry()
    {
        var failure = new EpochCloseFailure(At, "Epoch 1's pool 1000001 is not burns + carry-in + emission.", 3, At.AddSeconds(4));

        var cut = Render<EpochCloseAlert>(p => p.Add(x => x.Failure, failure));

        var alert = cut.Find("[data-testid=epoch-close-failed]");
        Assert.Contains("mud-alert-text-error", alert.ClassName);
        Assert.Contains("is not burns + carry-in + emission", alert.TextContent);
        Assert.Contains("3 failed attempts in a row, the latest at 2027-06-07 01:00:03 UTC", alert.TextContent);
        Assert.Contains("next attempt at 2027-06-07 01:00:07 UTC", alert.TextContent);
    }

    [Fact]
    public void Nothing_is_shown_while_epochs_close()
    {
        var cut = Render<EpochCloseAlert>(p => p.Add(x => x.Failure, null));

        Assert.Empty(cut.FindAll("[data-testid=epoch-close-failed]"));
    }
}
