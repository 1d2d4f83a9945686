using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Components.Shared;

/// <summary>
/// MudBlazor's icon markup (the <c>svg</c> a MudIcon writes, with its classes) as a render fragment instead of a
/// component: a component per icon costs every open page its render buffers for a picture that never changes.
/// </summary>
public static class Glyph
{
    /// <summary>An icon of <see cref="MudBlazor.Icons"/>, hidden from screen readers (its control carries the name).</summary>
    /// <param name="icon">The SVG content, e.g. <c>Icons.Material.Filled.Menu</c>.</param>
    /// <param name="size">MudBlazor's size name: <c>small</c>, <c>medium</c> or <c>large</c>.</param>
    /// <param name="classes">More classes, e.g. <c>mud-nav-link-icon</c>.</param>
    public static RenderFragment Icon(string icon, string size = "medium", string? classes = null) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", classes is null ? $"mud-icon-root mud-svg-icon mud-icon-size-{size}" : $"mud-icon-root mud-svg-icon mud-icon-size-{size} {classes}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
