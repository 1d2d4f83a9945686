using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>Gives focus back to an app-bar menu's button once its list has closed under the keyboard.</summary>
internal static class MenuFocus
{
    /// <summary>Focuses <paramref name="button"/>; nothing when the page has gone (the circuit is closing).</summary>
    public static async Task ReturnAsync(ElementReference button)
    {
        try
        {
            await button.FocusAsync();
        }
        catch (Exception e) when (e is JSDisconnectedException or JSException or InvalidOperationException or TaskCanceledException)
        {
        }
    }
}
