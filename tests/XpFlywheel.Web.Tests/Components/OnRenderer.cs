using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Tests;

/// <summary>
/// Finding an element and raising an event on it in one turn of the renderer's own thread.
/// </summary>
/// <remarks>
/// <c>FindAll</c> returns the elements as they were at that moment, each holding the id of its event handler then. A
/// component that renders again on its own (a load that ends, a live update, a second render after
/// <c>OnParametersSetAsync</c>) replaces those ids, and a click sent with the old one fails with "no event handler
/// with ID n", or is lost. Run on the renderer's thread, no render can come between the find and the event, and a
/// failure to find the element or its handler is thrown to the caller at once, so <c>WaitForAssertion</c> can retry it.
/// </remarks>
public static class OnRendererExtensions
{
    /// <summary>Runs <paramref name="act"/> (find an element, raise an event on it) on the renderer's thread and waits for it to return.</summary>
    /// <exception cref="Exception">Whatever <paramref name="act"/> throws: an element not found, a missing or stale handler.</exception>
    public static void OnRenderer<T>(this IRenderedComponent<T> cut, Action act) where T : IComponent =>
        cut.InvokeAsync(act).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="act"/> (find an element, raise an event on it and return the event's task) on the
    /// renderer's thread; the task completes when the event's handler does.
    /// </summary>
    public static Task OnRenderer<T>(this IRenderedComponent<T> cut, Func<Task> act) where T : IComponent =>
        cut.InvokeAsync(act);
}
