using HeapLedger.Detection;
using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Fleet.Simulation;

/// <summary>
/// A <see cref="FieldFleet"/> generated once (in parallel) and replayed as the service receives
/// it: <see cref="InTimeOrder"/> gives every device's heartbeat of one hour before any of the
/// next, each numbered by its hour (<c>seq</c>; a lost heartbeat leaves a gap) and carrying the
/// device's attributes. Holds the fleet's points in memory, packed (<see cref="PackedPoints"/>):
/// 48 bytes a heartbeat, 62 MB for the default 1,000 devices over 60 days.
/// </summary>
public sealed class SimulatedFleet
{
    private SimulatedFleet(FieldFleetOptions options, LabelledSeries[] devices)
    {
        Options = options;
        Devices = devices;
    }

    public FieldFleetOptions Options { get; }

    /// <summary>Every device's series with its truth, by index.</summary>
    public IReadOnlyList<LabelledSeries> Devices { get; }

    public long HeartbeatCount => Devices.Sum(static d => (long)d.Series.Points.Count);

    public static SimulatedFleet Generate(FieldFleetOptions options, CancellationToken cancel = default)
    {
        var fleet = new FieldFleet(options);
        var devices = new LabelledSeries[fleet.Count];
        Parallel.For(0, fleet.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var device = fleet.GenerateDevice(i);
            devices[i] = device with { Series = device.Series with { Points = PackedPoints.Pack(device.Series.Points) } };
        });
        return new SimulatedFleet(options, devices);
    }

    /// <summary>Hour by hour, device by device within the hour.</summary>
    public IEnumerable<Heartbeat> InTimeOrder()
    {
        var next = new int[Devices.Count];
        for (var hour = 0; hour < Options.Days * 24; hour++)
        {
            for (var d = 0; d < Devices.Count; d++)
            {
                var series = Devices[d].Series;
                if (next[d] < series.Points.Count && series.Points[next[d]] is var point && HourOf(point) == hour)
                {
                    yield return ToHeartbeat(series, point);
                    next[d]++;
                }
            }
        }
    }

    /// <summary>The hourly tick a point belongs to: its jitter is under half an hour.</summary>
    private static long HourOf(HeapPoint point) => (long)Math.Round((point.Time - FieldFleetOptions.WindowStart).TotalHours);

    private static Heartbeat ToHeartbeat(DeviceSeries series, HeapPoint point) => new(
        series.Device,
        HourOf(point),
        point.Time,
        point.UptimeSeconds,
        point.Free,
        point.MinimumFree,
        point.LargestFree,
        point.HeapSize,
        [],
        series.Attributes);
}
