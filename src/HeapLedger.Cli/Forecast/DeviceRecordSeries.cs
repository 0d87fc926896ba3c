using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Detection;
using HeapLedger.Formats;
using HeapLedger.Formats.Device;
using HeapLedger.Formats.Input;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// A heap series from the heap samples (S records) of a device record stream
/// (docs/formats/device-records.md). The stream carries no wall clock: times are the device's
/// milliseconds since the first boot in the stream, counted from the Unix epoch. A header record
/// after the first is a reboot, which starts uptime again.
/// </summary>
internal static class DeviceRecordSeries
{
    public static (DeviceSeries Series, IReadOnlyList<string> Warnings) Read(string path)
    {
        using var input = TraceInput.Open(path);
        var lines = new LineReader(input, TraceLimits.Default.MaxLineBytes);
        var reader = new DeviceRecordReader(lines, new AllocationLedger(), NoFrames, TraceLimits.Default);
        var points = new List<HeapPoint>();
        long samples = 0;
        long reboots = 0;
        long bootMilliseconds = 0;
        long lastMilliseconds = 0;
        reader.Heartbeat = () =>
        {
            // Called after every sample and every site snapshot: take each sample once.
            if (reader.Stats.HeapSamples == samples || reader.Stats.LastSample is not { } sample)
            {
                return;
            }

            samples = reader.Stats.HeapSamples;
            if (reader.Stats.Reboots != reboots)
            {
                reboots = reader.Stats.Reboots;
                bootMilliseconds = lastMilliseconds;
            }

            lastMilliseconds = sample.Milliseconds;
            points.Add(new HeapPoint(DateTimeOffset.UnixEpoch.AddMilliseconds(sample.Milliseconds), (sample.Milliseconds - bootMilliseconds) / 1000.0,
                sample.Free, sample.MinimumFree, sample.LargestFree, sample.HeapSize));
        };
        reader.Read();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.Stats.BuildId is { } buildId)
        {
            attributes["build-id"] = buildId;
        }

        var series = new DeviceSeries(Path.GetFileNameWithoutExtension(path), points, attributes);
        return (series, reader.Warnings);
    }

    private static IReadOnlyList<Frame> NoFrames(string? module, ulong address, string? symbol) => [];
}
