using System.Text;
using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Series;

/// <summary>Reads a heap series written in the test, as if from a file called <c>fleet.csv</c> or <c>fleet.ndjson</c>.</summary>
internal static class SeriesText
{
    public static IReadOnlyList<DeviceSeries> Read(string text, HeapSeriesFormat format = HeapSeriesFormat.Csv, SeriesLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return new HeapSeriesReader(stream, Name(format), format, limits).ReadAll();
    }

    public static List<DeviceSeries> ReadGrouped(string text, HeapSeriesFormat format = HeapSeriesFormat.Csv) =>
        HeapSeriesReader.ForEachDevice(() => new MemoryStream(Encoding.UTF8.GetBytes(text)), Name(format), format, series => series);

    public static string Name(HeapSeriesFormat format) => format == HeapSeriesFormat.Csv ? "fleet.csv" : "fleet.ndjson";
}
