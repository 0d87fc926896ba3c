using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// Writes a synthetic fleet as a heap series CSV grouped by device (docs/formats/heap-series.md),
/// with its ground truth in the sidecar <see cref="EvaluationCsv"/> reads, so that a written fleet
/// can be replayed as a recorded one, or fed to <c>heapledger forecast</c> as a big input.
/// Devices are generated a few at a time, in parallel, and written in order: memory holds one
/// batch, never the fleet.
/// </summary>
public static class FleetCsvWriter
{
    public const string SeriesHeader = "device,time,uptime_s,free,min_free,largest_free,heap_size,firmware";

    /// <summary>
    /// Times keep their fraction of a second (the simulator's clock jitter) when they have one, so
    /// that the series reads back point for point; on-the-second times print without it.
    /// </summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>A row's bytes beside the device and firmware names: 28 of time, at most 24 for each of five numbers (a double's longest form), commas and the newline.</summary>
    private const int MaxRowBytesBesideNames = 28 + (6 * 24) + 8;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes every device of <paramref name="fleet"/>; returns the devices and heartbeats written.</summary>
    public static (int Devices, long Heartbeats) Write(FleetGenerator fleet, Stream series, TextWriter truth, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(truth);
        series.Write(Encoding.UTF8.GetBytes(SeriesHeader + "\n"));
        truth.Write(EvaluationCsv.TruthHeader + "\n");
        var batch = new LabelledSeries[4 * Environment.ProcessorCount];
        var buffer = new byte[1 << 16];
        long heartbeats = 0;
        for (var first = 0; first < fleet.Count; first += batch.Length)
        {
            cancel.ThrowIfCancellationRequested();
            var count = Math.Min(batch.Length, fleet.Count - first);
            Parallel.For(0, count, i => batch[i] = fleet.GenerateDevice(first + i));
            for (var i = 0; i < count; i++)
            {
                heartbeats += WriteSeries(batch[i].Series, series, ref buffer);
                WriteTruth(batch[i].Truth, truth);
                batch[i] = null!;
            }
        }

        return (fleet.Count, heartbeats);
    }

    private static int WriteSeries(DeviceSeries device, Stream output, ref byte[] buffer)
    {
        var name = Encoding.UTF8.GetBytes(device.Device);
        var firmware = Encoding.UTF8.GetBytes(device.Attributes.GetValueOrDefault("firmware", ""));
        var rowBytes = name.Length + firmware.Length + MaxRowBytesBesideNames;
        if (buffer.Length < 2 * rowBytes)
        {
            buffer = new byte[2 * rowBytes];
        }

        var used = 0;
        foreach (var point in device.Points)
        {
            if (buffer.Length - used < rowBytes)
            {
                output.Write(buffer, 0, used);
                used = 0;
            }

            var row = buffer.AsSpan(used);
            name.CopyTo(row);
            var at = name.Length;
            row[at++] = (byte)',';
            var fits = point.Time.UtcDateTime.TryFormat(row[at..], out var written, TimeFormat, Invariant);
            at += written;
            fits &= Utf8.TryWrite(row[at..], Invariant, $",{point.UptimeSeconds},{point.Free},{point.MinimumFree},{point.LargestFree},{point.HeapSize},", out written);
            at += written;
            if (!fits)
            {
                throw new InvalidOperationException($"a row of {device.Device} is longer than the {rowBytes} bytes allowed for it");
            }

            firmware.CopyTo(row[at..]);
            at += firmware.Length;
            row[at++] = (byte)'\n';
            used += at;
        }

        output.Write(buffer, 0, used);
        return device.Points.Count;
    }

    private static void WriteTruth(DeviceTruth truth, TextWriter output) =>
        output.Write(string.Create(Invariant, $"{truth.Device},{(truth.Leaking ? "true" : "false")},{Time(truth.Onset)},{Time(truth.Exhaustion)}\n"));

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString(TimeFormat, Invariant) ?? "";
}
