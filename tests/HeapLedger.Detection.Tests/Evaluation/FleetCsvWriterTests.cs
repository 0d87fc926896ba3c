using System.Text;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Evaluation;

public sealed class FleetCsvWriterTests
{
    private static readonly FleetOptions Small = new(Devices: 30, Days: 20, LeakingShare: 0.3, Seed: 5);

    [Fact]
    public void AWrittenFleetReadsBackAsRecordedPointForPointWithItsTruth()
    {
        var (series, truth) = Written(Small);

        var read = EvaluationCsv.ReadFleet(series, truth);

        var generated = new FleetGenerator(Small).Generate().ToList();
        Assert.Equal(generated.Select(d => d.Series.Device), read.Select(d => d.Series.Device));
        for (var i = 0; i < generated.Count; i++)
        {
            Assert.Equal(generated[i].Series.Points, read[i].Series.Points);
            Assert.Equal(generated[i].Series.Attributes, read[i].Series.Attributes);
            var (made, back) = (generated[i].Truth, read[i].Truth);
            Assert.Equal((made.Leaking, made.Exhaustion, made.ExhaustsWithinWindow), (back.Leaking, back.Exhaustion, back.ExhaustsWithinWindow));
            if (made.Onset is not null)
            {
                Assert.Equal(made.Onset, back.Onset);
            }
        }

        Assert.Contains(read, d => d.Truth.ExhaustsWithinWindow);
    }

    [Fact]
    public void AWrittenFleetIsGroupedByDeviceForTheForecastReader()
    {
        var (series, _) = Written(Small with { Devices = 5 });

        using var stream = File.OpenRead(series);
        var devices = new List<DeviceSeries>();
        var grouped = new HeapSeriesReader(stream, series, HeapSeriesFormat.Csv).TryReadGrouped(devices.Add);

        Assert.True(grouped);
        Assert.Equal(new FleetGenerator(Small with { Devices = 5 }).Generate().Select(d => d.Series.Points), devices.Select(d => d.Points));
        Assert.StartsWith(FleetCsvWriter.SeriesHeader + "\n", File.ReadAllText(series), StringComparison.Ordinal);
    }

    private static (string Series, string Truth) Written(FleetOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("heapledger-fleet-").FullName;
        var series = Path.Combine(directory, "fleet.csv");
        var truth = EvaluationCsv.TruthPathFor(series);
        using (var output = File.Create(series))
        using (var truthOutput = new StreamWriter(truth, false, new UTF8Encoding(false)))
        {
            FleetCsvWriter.Write(new FleetGenerator(options), output, truthOutput);
        }

        return (series, truth);
    }
}
