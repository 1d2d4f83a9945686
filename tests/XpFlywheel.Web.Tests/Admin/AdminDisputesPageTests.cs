using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Economy;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The admin's dispute list says who the operators are, not only their ids.</summary>
public sealed class AdminDisputesPageTests : MudTestContext
{
    private readonly AppFactory _app = new();

    public AdminDisputesPageTests()
    {
        Services.AddSingleton(_app.Services.GetRequiredService<DisputeService>());
        Services.AddSingleton(_app.Services.GetRequiredService<OperatorDirectory>());
    }

    protected override void Dispose(bool disposing)
    {
        _app.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task Admin_dispute_list_names_each_operator_by_email()
    {
        var (client, provider, _) = await DisputedJobAsync("disputed-client@test.local", "disputing-provider@test.local");

        var cut = Render<AdminDisputes>();

        cut.WaitForAssertion(() => Assert.Contains($"disputed-client@test.local (operator {client})", cut.Find("[data-testid=dispute-client]").TextContent));
        Assert.Contains("client-bot", cut.Find("[data-testid=dispute-client]").TextContent);
        Assert.Contains($"disputing-provider@test.local (operator {provider})", cut.Find("[data-testid=dispute-provider]").TextContent);
    }

    /// <summary>
    /// A decision moves keyboard focus to its outcome: the resolved row leaves the list with the button that was
    /// pressed, so focus is not dropped to the page body.
    /// </summary>
    [Fact]
    public async Task A_decision_keeps_keyboard_focus_on_its_outcome()
    {
        var (_, _, jobId) = await DisputedJobAsync("resolved-client@test.local", "resolved-provider@test.local");
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<AdminDisputes>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=dispute-table]"));

        var clicked = cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Void").ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Void").Click()));
        await clicked;

        cut.WaitForAssertion(() =>
        {
            Assert.Contains($"Job {jobId}: voided.", cut.Find("[data-testid=resolve-outcome]").TextContent);
            Assert.Empty(cut.FindAll("[data-testid=dispute-table]"));
        });
        await AssertFocusReachesAsync(() => cut.Instance.OutcomeElement);
    }

    /// <summary>
    /// A decision cannot be undone, so it is asked first, naming the job, what the decision does and the refund;
    /// cancelled, nothing is decided and the dispute stays open.
    /// </summary>
    [Fact]
    public async Task A_decision_is_confirmed_first_and_a_cancelled_one_decides_nothing()
    {
        var (_, _, jobId) = await DisputedJobAsync("asked-client@test.local", "asked-provider@test.local");
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<AdminDisputes>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=dispute-table]"));

        var clicked = cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Failure stands").ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains($"Let job {jobId}'s failure stand?", dialogs.Markup));
        Assert.Contains("counts against the provider provider-bot", dialogs.Markup);
        Assert.Contains("client-bot is refunded", dialogs.Markup);
        Assert.Contains("cannot be undone", dialogs.Markup);
        dialogs.OnRenderer(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        await clicked;

        Assert.Single(cut.FindAll("[data-testid=dispute-table]"));
        Assert.Equal(1, (await _app.Services.GetRequiredService<DisputeService>().OpenDisputesAsync()).Total);
    }

    // A failed $10 job between two new operators' agents ("client-bot", "provider-bot"), disputed by its provider,
    // and an admin signed in on an interactive renderer.
    private async Task<(long Client, long Provider, long JobId)> DisputedJobAsync(string clientEmail, string providerEmail)
    {
        var kit = new EconomyKit(_app.Services);
        await kit.Host.Ready;
        var client = await Operators.CreateAsync(_app.Services, clientEmail);
        await Operators.FundAsync(_app.Services, client, 100, 0);
        var provider = await Operators.CreateAsync(_app.Services, providerEmail);
        var job = await kit.Jobs.RecordAsync(client, await kit.AgentAsync(client, "client-bot"), await kit.AgentAsync(provider, "provider-bot"), 10m, succeeded: false);
        Assert.True(job.Succeeded, job.Message);
        Assert.True((await _app.Services.GetRequiredService<DisputeService>().DisputeAsync(provider, job.Value!.JobId)).Succeeded);
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles("Admin");
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return (client, provider, job.Value.JobId);
    }
}
