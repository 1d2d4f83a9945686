using MudBlazor;

namespace XpFlywheel.Web.Components.Layout;

/// <summary>The app's palette: teal for buys and the brand, deep orange for sells, in both light and dark mode.</summary>
public static class AppTheme
{
    /// <summary>Axis text and grid lines for the market charts, readable on the page background of each palette.</summary>
    public static ChartColours Chart(bool dark) => dark
        ? new ChartColours("#d1d4dc", "rgba(255,255,255,0.08)")
        : new ChartColours("#37474f", "rgba(0,0,0,0.06)");

    public static readonly MudTheme Theme = new()
    {
        // Every colour meets WCAG AA (4.5:1) as text on the page and under its contrast text on buttons and chips.
        PaletteLight = new PaletteLight
        {
            Primary = "#00796b",
            Secondary = "#4f5bb0",
            Success = "#047857",
            Error = "#c62828",
            Warning = "#a15c00",
            Info = "#1565c0",
            TextSecondary = "rgba(0,0,0,0.68)",
            AppbarBackground = "#004d40",
            // The "normal" snackbar (epoch closes) is written on Dark: near-black with white text.
            Dark = "#212121",
            DarkContrastText = "#ffffff",
        },
        // Light colours on a dark page: their buttons and chips carry dark text, as white on them would be too faint.
        PaletteDark = new PaletteDark
        {
            Primary = "#4db6ac",
            PrimaryContrastText = "#00201c",
            Secondary = "#9fa8da",
            SecondaryContrastText = "#111532",
            Success = "#34c98b",
            SuccessContrastText = "#00210f",
            Error = "#ff7b70",
            ErrorContrastText = "#2d0000",
            Warning = "#ffb74d",
            WarningContrastText = "#2a1700",
            Info = "#64b5f6",
            InfoContrastText = "#001d33",
            // Text alerts write in the "darken" shade on a tint of the colour: on a dark page it must be lighter.
            InfoDarken = "#90caf9",
            SuccessDarken = "#7ee2b8",
            WarningDarken = "#ffd08a",
            ErrorDarken = "#ffb4ab",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDefault = "rgba(255,255,255,0.72)",
            AppbarText = "rgba(255,255,255,0.87)",
            DrawerText = "rgba(255,255,255,0.87)",
            DrawerIcon = "rgba(255,255,255,0.72)",
            // The "normal" snackbar (epoch closes) is written on Dark: on a dark page it is light with dark text, as
            // Material's dark-theme snackbar is, and opaque, so its text never blends with the page behind it.
            Dark = "#e4e4e8",
            DarkContrastText = "#1b1b1f",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}

/// <summary>The colours the chart script draws text and grid lines in (CSS colour strings, as the script takes them).</summary>
public sealed record ChartColours(string Text, string Grid);
