using System.Globalization;

namespace HeapLedger.Cli.Reports;

/// <summary>
/// One axis of the live-bytes chart: its data range, its tick spacing on a 1-2-5 ladder, and the
/// unit its labels are written in, so tick labels stay short ("1.5" on an axis titled "MiB").
/// </summary>
internal sealed record HtmlChartAxis(double Min, double Max, double Step, double Unit, string UnitName, string Title)
{
    private const int TargetTicks = 6;

    /// <summary>Live bytes from zero up to a round value at or above <paramref name="maxBytes"/>.</summary>
    public static HtmlChartAxis Bytes(double maxBytes)
    {
        var (unit, name) = maxBytes switch
        {
            >= 1024d * 1024 * 1024 => (1024d * 1024 * 1024, "GiB"),
            >= 1024d * 1024 => (1024d * 1024, "MiB"),
            >= 1024d => (1024d, "KiB"),
            _ => (1d, "bytes"),
        };
        var top = Math.Max(maxBytes / unit, unit == 1 ? 4 : 1);
        var step = NiceStep(top / (TargetTicks - 1));
        return new HtmlChartAxis(0, Math.Ceiling(top / step) * step * unit, step * unit, unit, name, $"Live memory ({name})");
    }

    /// <summary>The trace's clock, labelled in whichever of s, min, h, d keeps the numbers small.</summary>
    public static HtmlChartAxis Time(double minSeconds, double maxSeconds)
    {
        var (unit, name) = maxSeconds switch
        {
            >= 3 * 86400d => (86400d, "days"),
            >= 3 * 3600d => (3600d, "hours"),
            >= 3 * 60d => (60d, "minutes"),
            _ => (1d, "seconds"),
        };
        return Across(minSeconds, maxSeconds, unit, name, $"Trace time ({name})");
    }

    /// <summary>Allocation events so far, for traces without timestamps.</summary>
    public static HtmlChartAxis AllocationEvents(double min, double max)
    {
        var (unit, name) = max switch
        {
            >= 3e6 => (1e6, "millions"),
            >= 3e3 => (1e3, "thousands"),
            _ => (1d, "events"),
        };
        return Across(min, max, unit, name, unit == 1 ? "Allocation events" : $"Allocation events ({name})");
    }

    /// <summary>The values at which to draw a grid line and a label.</summary>
    public IEnumerable<double> Ticks()
    {
        // Stepping by an index rather than accumulating keeps 0.1 + 0.2 from drifting off the grid.
        var first = Math.Ceiling(Min / Step - 1e-9);
        for (var index = first; index * Step <= Max + (Step * 1e-9); index++)
        {
            yield return index * Step;
        }
    }

    public string Label(double value)
    {
        var scaled = value / Unit;
        return Math.Abs(scaled) < 1e-9 ? "0" : scaled.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Where <paramref name="value"/> falls between Min (0) and Max (1).</summary>
    public double Fraction(double value) => (value - Min) / (Max - Min);

    private static HtmlChartAxis Across(double min, double max, double unit, string unitName, string title)
    {
        // A clock that starts close to zero reads better from zero; an uptime clock keeps its offset.
        var from = min > 0 && min < 0.1 * max ? 0 : min;
        var to = max > from ? max : from + unit;
        var step = NiceStep((to - from) / unit / (TargetTicks - 1)) * unit;
        return new HtmlChartAxis(from, to, step, unit, unitName, title);
    }

    private static double NiceStep(double rough)
    {
        if (!(rough > 0) || double.IsInfinity(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
