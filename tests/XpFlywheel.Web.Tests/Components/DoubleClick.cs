using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>A browser's double click in bUnit: two clicks on one button, the second while the first one's handler awaits.</summary>
public static class DoubleClick
{
    /// <summary>
    /// Clicks the button whose text contains <paramref name="text"/>, then again as the page now renders it, and waits
    /// for both handlers; a button that no longer takes a click (disabled, no handler) refuses the second.
    /// </summary>
    /// <remarks>
    /// Both clicks run back to back on the renderer's own thread: the second finds the page as the first one's handler
    /// left it at its first await (as a browser's second click does), and nothing else (the first handler's
    /// continuation, another render) can come between finding the button and clicking it.
    /// </remarks>
    public static async Task OnAsync<T>(IRenderedComponent<T> cut, string text) where T : IComponent
    {
        Task first = Task.CompletedTask, second = Task.CompletedTask;
        await cut.InvokeAsync(() =>
        {
            first = Button(cut, text).ClickAsync(new());
            try
            {
                second = Button(cut, text).ClickAsync(new());
            }
            catch (MissingEventHandlerException)
            {
                // Disabled or without a handler while the first is under way: the second click does nothing.
            }
        });
        await Task.WhenAll(first, second);
    }

    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Contains(text, StringComparison.Ordinal));
}
