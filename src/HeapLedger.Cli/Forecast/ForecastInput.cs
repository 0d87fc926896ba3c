using HeapLedger.Cli.Commands;
using HeapLedger.Core;
using HeapLedger.Detection;
using HeapLedger.Detection.Detector;
using HeapLedger.Detection.Series;
using HeapLedger.Formats.Input;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// Opens a heap series of any form the forecast verb reads (CSV, NDJSON, device records; plain,
/// gzip or zstd) and judges each device, and each of its sites, as it is read.
/// </summary>
internal static class ForecastInput
{
    private const int PeekBytes = 64 * 1024;

    /// <param name="symbols">The ELF files that name the sites of device records.</param>
    public static List<JudgedDevice> Judge(string path, IDeviceDetector detector, SiteDetector sites, ReportSettings symbols, TextWriter warnings)
    {
        if (!File.Exists(path))
        {
            throw new HeapLedgerException($"{path}: no such file");
        }

        var head = Head(path);
        if (head.AsSpan().IndexOf("#HL "u8) >= 0)
        {
            var (series, notes) = DeviceRecordSeries.Read(path, symbols.CreateResolver(warnings), symbols.ElfFiles, SeriesLimits.Default);
            foreach (var note in notes)
            {
                warnings.WriteLine($"heapledger: warning: {note}");
            }

            return [Judged(detector, sites, series)];
        }

        var format = HeapSeriesReader.DetectFormat(path, head);
        var opened = new List<TraceInput>();
        try
        {
            return HeapSeriesReader.ForEachDevice(() =>
            {
                var input = TraceInput.Open(path);
                opened.Add(input);
                return input.Text;
            }, path, format, series => Judged(detector, sites, series));
        }
        finally
        {
            foreach (var input in opened)
            {
                input.Dispose();
            }
        }
    }

    private static JudgedDevice Judged(IDeviceDetector detector, SiteDetector sites, DeviceSeries series)
    {
        var forecast = detector.Judge(series);
        return new(forecast, series.Points.Count > 0 ? series.Points[^1].Time : null) { Sites = sites.Judge(series, forecast) };
    }

    private static byte[] Head(string path)
    {
        using var input = TraceInput.Open(path);
        var head = new byte[PeekBytes];
        try
        {
            var length = input.Text.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return head[..length];
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new HeapLedgerException($"{path}: corrupt or truncated {input.Compression.ToString().ToLowerInvariant()} data: {e.Message}", e);
        }
    }
}
