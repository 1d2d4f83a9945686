using Microsoft.AspNetCore.Components;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>
/// A page action that throws never ends the browser's connection: the page shows what happened and a way back, and a
/// change no leader took says that nothing was applied.
/// </summary>
public sealed class PageErrorBoundaryTests : MudTestContext
{
    public PageErrorBoundaryTests() => Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    [Fact]
    public void A_change_no_leader_took_shows_that_nothing_was_applied_and_the_page_comes_back_on_retry()
    {
        var throws = true;
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<Action>(a => a.Add(c => c.OnSubmit, () =>
        {
            if (throws)
                throw new LeaderUnavailableException("No leader took the command within 30 s; it was withdrawn.");
        })));

        cut.OnRenderer(() => cut.Find("#submit").Click());

        cut.WaitForAssertion(() =>
        {
            var alert = cut.Find("[data-testid=page-error]");
            Assert.Contains("Not applied", alert.TextContent);
            Assert.Contains("No leader took the command within 30 s", alert.TextContent);
            Assert.Contains("Nothing was changed", alert.TextContent);
        });
        Assert.Empty(cut.FindAll("#submit"));
        // The button that had focus is gone: focus moves to the message, once.
        var focused = JSInterop.VerifyFocusAsyncInvoke();
        Assert.IsType<ElementReference>(focused.Arguments[0]);

        throws = false;
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Try again").Click());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#submit")));
        cut.OnRenderer(() => cut.Find("#submit").Click());
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void A_refusal_of_the_exchange_found_inside_another_error_says_nothing_was_applied()
    {
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<Action>(a => a.Add(c => c.OnSubmit, () =>
            throw new InvalidOperationException("The result tables stopped behind the journal.",
                XpFlywheel.Web.Exchange.ExchangeStoppedException.ShuttingDown()))));

        cut.OnRenderer(() => cut.Find("#submit").Click());

        cut.WaitForAssertion(() =>
        {
            var alert = cut.Find("[data-testid=page-error]");
            Assert.Contains("Not applied: the exchange is not running on this server", alert.TextContent);
            Assert.Contains("Nothing was changed", alert.TextContent);
        });
        Assert.DoesNotContain("result tables", cut.Markup);
    }

    [Fact]
    public void Any_other_failure_of_a_page_action_shows_an_error_with_a_retry_instead_of_ending_the_connection()
    {
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<Action>(a => a.Add(c => c.OnSubmit, () => throw new InvalidOperationException("boom"))));

        cut.OnRenderer(() => cut.Find("#submit").Click());

        cut.WaitForAssertion(() => Assert.Contains("Something went wrong on this page", cut.Find("[data-testid=page-error]").TextContent));
        Assert.DoesNotContain("boom", cut.Markup);
        Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Try again");
    }

    [Fact]
    public void A_change_confirmed_in_a_dialog_that_no_leader_took_shows_that_nothing_was_applied()
    {
        // As MainLayout: the dialog provider outside the boundary, the page inside it. The confirmed action runs in
        // the page's handler, so its failure is the page's, whichever component drew the button that confirmed it.
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<PageErrorBoundary>(1);
            builder.AddAttribute(2, nameof(PageErrorBoundary.ChildContent), (RenderFragment)(page =>
            {
                page.OpenComponent<ConfirmedAction>(0);
                page.CloseComponent();
            }));
            builder.CloseComponent();
        });

        cut.OnRenderer(() => cut.Find("#submit").Click());
        cut.WaitForAssertion(() => Assert.Contains("Burn XP?", cut.Markup));
        cut.OnRenderer(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Burn").Click());

        cut.WaitForAssertion(() => Assert.Contains("Nothing was changed", cut.Find("[data-testid=page-error]").TextContent));
        Assert.DoesNotContain("Burn XP?", cut.Markup);
    }

    /// <summary>A page's action behind a confirmation, as the tiers page's burn: the change fails after "Burn".</summary>
    public sealed class ConfirmedAction : ComponentBase
    {
        [Inject] private MudBlazor.IDialogService Dialogs { get; set; } = default!;

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "submit");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, ConfirmAsync));
            builder.AddContent(3, "Burn 100 XP");
            builder.CloseElement();
        }

        private async Task ConfirmAsync()
        {
            if (await Dialogs.ShowMessageBoxAsync("Burn XP?", "Burn 100 XP for a 30-day tier?", yesText: "Burn", cancelText: "Cancel") == true)
                throw new LeaderUnavailableException("No leader took the command within 30 s; it was withdrawn.");
        }
    }

    /// <summary>A page's action: a button whose handler runs <see cref="OnSubmit"/>.</summary>
    public sealed class Action : ComponentBase
    {
        [Parameter] public System.Action OnSubmit { get; set; } = () => { };

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "submit");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => OnSubmit()));
            builder.AddContent(3, "Submit");
            builder.CloseElement();
        }
    }
}
