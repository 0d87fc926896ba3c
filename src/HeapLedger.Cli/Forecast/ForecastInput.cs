using HeapLedger.Core;
using HeapLedger.Detection;
using HeapLedger.Detection.Series;
using HeapLedger.Formats.Input;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// Opens a heap series of any form the forecast verb reads (CSV, NDJSON, device records; plain,
/// gzip or zstd) and judges each device as it is read.
/// </summary>
internal static class ForecastInput
{
    private const int PeekBytes = 64 * 1024;

    public static List<JudgedDevice> Judge(string path, IDeviceDetector detector, TextWriter warnings)
    {
        if (!File.Exists(path))
        {
            throw new HeapLedgerException($"{path}: no such file");
        }

        var head = Head(path);
        if (head.AsSpan().IndexOf("#HL "u8) >= 0)
        {
            var (series, notes) = DeviceRecordSeries.Read(path);
            foreach (var note in notes)
            {
                warnings.WriteLine($"heapledger: warning: {note}");
            }

            return [Judged(detector, series)];
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
            }, path, format, series => Judged(detector, series));
        }
        finally
        {
            foreach (var input in opened)
            {
                input.Dispose();
            }
        }
    }

    private static JudgedDevice Judged(IDeviceDetector detector, DeviceSeries series) =>
        new(detector.Judge(series), series.Points.Count > 0 ? series.Points[^1].Time : null);

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
