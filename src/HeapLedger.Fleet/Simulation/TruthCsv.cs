using System.Globalization;

namespace HeapLedger.Fleet.Simulation;

/// <summary>
/// The simulated fleet's ground truth, one device a row: its attributes, whether it leaks (and
/// how fast, in bytes of used heap an hour), when it ran out of heap and went silent (empty if it
/// did not within the window), its last heartbeat and how many it sent.
/// </summary>
public static class TruthCsv
{
    public const string Header = "device,firmware,driver,coverage,region,site,leaking,leak_bytes_per_hour,exhausted_at,last_heartbeat,heartbeats";

    public static void Write(TextWriter writer, SimulatedFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fleet);
        writer.WriteLine(Header);
        foreach (var (series, truth) in fleet.Devices)
        {
            var a = series.Attributes;
            writer.WriteLine(string.Join(',',
                series.Device,
                a["firmware"],
                a["driver"],
                a["coverage"],
                a["region"],
                a["site"],
                truth.Leaking ? "true" : "false",
                truth.LeakBytesPerHour.ToString("0.#", CultureInfo.InvariantCulture),
                Time(truth.Exhaustion),
                Time(series.Points.Count == 0 ? null : series.Points[^1].Time),
                series.Points.Count.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;
}
