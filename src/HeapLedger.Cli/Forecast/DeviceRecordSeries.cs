using HeapLedger.Core;
using HeapLedger.Core.Ledger;
using HeapLedger.Detection;
using HeapLedger.Detection.Series;
using HeapLedger.Formats;
using HeapLedger.Formats.Device;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// A heap series from the heap samples (S records) of a device record stream
/// (docs/formats/device-records.md). The stream carries no wall clock: times are the device's
/// milliseconds since the first boot in the stream, counted from the Unix epoch. A header record
/// after the first is a reboot, which starts uptime again. In ledger mode each sample's snapshot
/// (its L records) gives the sites' live bytes at that heartbeat, the site named as the reader
/// names it (with <c>--elf</c>, its symbol and line; else a source key's file and line, or the
/// address); two addresses that get one name are one site.
/// </summary>
internal static class DeviceRecordSeries
{
    public static (DeviceSeries Series, IReadOnlyList<string> Warnings) Read(string path, CallerResolver resolve, IReadOnlyList<string> elfFiles, SeriesLimits limits)
    {
        using var input = TraceInput.Open(path);
        var lines = new LineReader(input, TraceLimits.Default.MaxLineBytes);
        DeviceRecordReader? reader = null;
        // Only ledger-mode sites are followed: trace mode's are left unnamed, its ELF lookups unmade.
        CallerResolver ledgerOnly = (module, address, symbol) => reader?.Stats.Mode == "ledger" ? resolve(module, address, symbol) : [];
        reader = new DeviceRecordReader(lines, new AllocationLedger(), ledgerOnly, TraceLimits.Default);
        var points = new List<HeapPoint>();
        var sites = new SiteSeriesBuilder();
        var snapshotOf = -1;
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
        reader.SiteSnapshot = (milliseconds, rows) =>
        {
            // A snapshot belongs to the sample written just before it, at the same time; a
            // platform without heap figures writes snapshots with no sample, which give no point.
            if (points.Count == 0 || milliseconds != lastMilliseconds || snapshotOf == points.Count - 1)
            {
                return;
            }

            snapshotOf = points.Count - 1;
            foreach (var row in rows)
            {
                if (!sites.Contains(row.Site) && sites.Count >= limits.MaxSitesPerDevice)
                {
                    throw new HeapLedgerException($"{path}:{row.Line}: more than {limits.MaxSitesPerDevice} distinct sites (SeriesLimits.MaxSitesPerDevice)");
                }

                sites.Add(row.Site, new SiteSample(snapshotOf, row.LiveCount, row.LiveBytes));
            }
        };
        reader.Read();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.Stats.BuildId is { } buildId)
        {
            attributes["build-id"] = buildId;
        }

        var warnings = new List<string>(reader.Warnings);
        TraceAnalysis.CheckBuildId(reader.Stats.BuildId, elfFiles, warnings);
        var series = new DeviceSeries(Path.GetFileNameWithoutExtension(path), points, attributes)
        {
            Sites = sites.Build(),
        };
        return (series, warnings);
    }
}
