using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Tests.Components;

/// <summary>A browser's double click in bUnit: two clicks on one button, the second while the first one's handler awaits.</summary>
public static class DoubleClick
{
    /// <summary>
    /// Clicks the button whose text contains <paramref name="text"/>, then again as the page now renders it, and waits
    /// for both handlers; a button that no longer takes a click (disabled, no handler) refuses the second.
    /// </summary>
    public static async Task OnAsync<T>(IRenderedComponent<T> cut, string text) where T : IComponent
    {
        var first = cut.FindAll("button").Single(b => b.TextContent.Contains(text, StringComparison.Ordinal)).ClickAsync(new());
        Task second;
        try
        {
            second = cut.FindAll("button").Single(b => b.TextContent.Contains(text, StringComparison.Ordinal)).ClickAsync(new());
        }
        catch (MissingEventHandlerException)
        {
            second = Task.CompletedTask;
        }
        await Task.WhenAll(first, second);
    }
}
