using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Web.Market;

/// <summary>
/// One labelled figure of a strip (the ticker bar, the wallet strip): a caption over a number, in MudText's classes.
/// A render fragment, not a component: nine figure components cost every open market page their render buffers for
/// text that never changes shape.
/// </summary>
public static class TickerFigure
{
    /// <param name="label">The caption, e.g. "24h high".</param>
    /// <param name="value">The figure as shown.</param>
    /// <param name="colorClass">A MudBlazor text colour class such as <c>mud-success-text</c>, or none.</param>
    /// <param name="testId">The <c>data-testid</c> of the figure, or none.</param>
    /// <param name="title">Hover text, e.g. the exact amount behind a rounded one.</param>
    public static RenderFragment Render(string label, string value, string? colorClass = null, string? testId = null, string? title = null) => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "data-testid", testId);
        builder.OpenElement(2, "span");
        builder.AddAttribute(3, "class", "mud-typography mud-typography-caption mud-text-secondary d-block");
        builder.AddContent(4, label);
        builder.CloseElement();
        builder.OpenElement(5, "p");
        builder.AddAttribute(6, "class", colorClass is null ? "mud-typography mud-typography-body1 tabular" : $"mud-typography mud-typography-body1 tabular {colorClass}");
        builder.AddAttribute(7, "title", title);
        builder.AddContent(8, value);
        builder.CloseElement();
        builder.CloseElement();
    };
}
