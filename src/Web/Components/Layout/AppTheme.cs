using MudBlazor;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>The app's palette: teal for buys and the brand, deep orange for sells, in both light and dark mode.</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00796b",
            Secondary = "#5c6bc0",
            Success = "#0e9f6e",
            Error = "#e0483e",
            AppbarBackground = "#004d40",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4db6ac",
            Secondary = "#9fa8da",
            Success = "#26c281",
            Error = "#ff6b5f",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
