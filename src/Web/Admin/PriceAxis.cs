using MudBlazor;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// A price axis scaled to the prices it shows. MudBlazor's line chart spaces its ticks 20 units apart by default
/// and at least one unit apart, so prices around $0.02 plotted in dollars lie flat on a 0–20 axis. Plotting whole
/// 0.0001 ticks and spacing the axis to about five steps across the range gives the line its real shape.
/// </summary>
public static class PriceAxis
{
    /// <summary>About this many gridlines between the lowest and highest price.</summary>
    public const int Steps = 5;

    /// <summary>
    /// The spacing between gridlines, in price ticks: a 1, 2 or 5 times a power of ten that splits the range of
    /// <paramref name="ticks"/> into about <see cref="Steps"/> steps; at least one tick.
    /// </summary>
    public static int Spacing(IReadOnlyCollection<long> ticks)
    {
        if (ticks.Count == 0)
            return 1;
        var range = ticks.Max() - ticks.Min();
        var raw = Math.Max(1d, range / (double)Steps);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var nice = raw / power <= 1 ? 1 : raw / power <= 2 ? 2 : raw / power <= 5 ? 5 : 10;
        return (int)Math.Max(1, Math.Min(int.MaxValue, nice * power));
    }

    /// <summary>At most this many labels along the epoch axis: about six fit a phone-width chart at the axis's font size.</summary>
    public const int MostLabels = 6;

    /// <summary>
    /// The epoch axis's labels: every <paramref name="numbers"/>' epoch number when they fit, else every k-th counted
    /// back from the newest (which is always labelled) and the rest blank, so at most <paramref name="most"/> show.
    /// Labelling all 52 closes wrote the numbers over one another once the chart kept its text at reading size.
    /// </summary>
    public static string[] EpochLabels(IReadOnlyList<long> numbers, int most = MostLabels)
    {
        var every = Math.Max(1, (numbers.Count + most - 1) / Math.Max(1, most));
        return numbers.Select((number, i) => (numbers.Count - 1 - i) % every == 0
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "").ToArray();
    }

    /// <summary>Line chart options for prices plotted in ticks: axis spaced to the data, labels written as prices.</summary>
    public static LineChartOptions Options(IReadOnlyCollection<long> ticks) => new()
    {
        YAxisTicks = Spacing(ticks),
        YAxisRequireZeroPoint = false,
        YAxisToStringFunc = value => Fmt.Price(new Price((long)Math.Round(value))),
    };
}
