using System.Globalization;
using System.Text;
using System.Text.Json;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>
/// <c>heapledger analyze</c>'s exhaustion forecast for traces without heap samples: the leak
/// detector over the trace's live bytes against <c>--heap-size</c>, or a reason why there is none.
/// (Device records with heap samples: tests/HeapLedger.Device.Tests/GatewayTests.cs.)
/// </summary>
public sealed class AnalyzeForecastTests
{
    private const int LeakedBlockBytes = 0x100;
    private const int Hours = 24 * 10;
    private const long HeapSize = 200_000;

    private static string Sample { get; } = RepoPaths.Sample("patterns.heaptrack.zst");

    [Fact]
    public void WithoutAHeapSizeAHeaptrackTraceSaysWhyThereIsNoForecast()
    {
        var json = CliRun.Of("analyze", Sample, "--format", "json");
        using var report = json.Json();
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("forecast").ValueKind);
        Assert.Contains("--heap-size", report.RootElement.GetProperty("noForecastReason").GetString(), StringComparison.Ordinal);

        var text = CliRun.Of("analyze", Sample);
        Assert.Equal("no exhaustion forecast: pass --heap-size BYTES (a heaptrack trace does not say how big the heap is)", text.Out.Split('\n')[2]);
    }

    [Fact]
    public void WithAHeapSizeASecondLongHeaptrackTraceIsForecastAsNotEnoughData()
    {
        var run = CliRun.Of("analyze", Sample, "--format", "json", "--heap-size", "1048576");

        using var report = run.Json();
        var forecast = report.RootElement.GetProperty("forecast");
        Assert.Equal("insufficient-data", forecast.GetProperty("verdict").GetString());
        Assert.Equal("live-bytes", forecast.GetProperty("source").GetString());
        Assert.Equal(1048576, forecast.GetProperty("heapSizeBytes").GetInt64());
        Assert.InRange(forecast.GetProperty("spanHours").GetDouble(), 0.4 / 3600, 0.6 / 3600);
        Assert.Equal(JsonValueKind.Null, forecast.GetProperty("exhaustionInHours").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("noForecastReason").ValueKind);
    }

    [Fact]
    public void AHeaptrackTraceThatLeaksForDaysRunsOutWhenItsPeakLiveBytesReachTheHeapSize()
    {
        var (path, peakAtEnd) = LeakingHeaptrackTrace();

        var run = CliRun.Of("analyze", path, "--format", "json", "--heap-size", HeapSize.ToString(CultureInfo.InvariantCulture));

        using var report = run.Json();
        var forecast = report.RootElement.GetProperty("forecast");
        Assert.Equal("leaking", forecast.GetProperty("verdict").GetString());
        Assert.Equal("free", forecast.GetProperty("limit").GetString());
        Assert.InRange(forecast.GetProperty("bytesPerHour").GetDouble(), LeakedBlockBytes * 0.9, LeakedBlockBytes * 1.1);
        var hoursLeft = (double)(HeapSize - peakAtEnd) / LeakedBlockBytes;
        Assert.InRange(forecast.GetProperty("exhaustionInHours").GetDouble(), hoursLeft * 0.85, hoursLeft * 1.15);
        Assert.True(forecast.GetProperty("exhaustionInHoursLow").GetDouble() <= forecast.GetProperty("exhaustionInHours").GetDouble());

        // A reserve is taken off the heap: it runs out that many bytes' worth of leak earlier.
        using var reserved = CliRun.Of("analyze", path, "--format", "json", "--heap-size", HeapSize.ToString(CultureInfo.InvariantCulture), "--reserve", "25600").Json();
        var earlier = forecast.GetProperty("exhaustionInHours").GetDouble() - reserved.RootElement.GetProperty("forecast").GetProperty("exhaustionInHours").GetDouble();
        Assert.InRange(earlier, 100 * 0.85, 100 * 1.15);

        var text = CliRun.Of("analyze", path, "--heap-size", HeapSize.ToString(CultureInfo.InvariantCulture));
        Assert.Matches(@"^exhaustion forecast: leaking, free heap runs out in [\d.]+ days \([\d.]+ to [\d.]+ days\) after the end of the trace; used heap \+[\d.]+ B/hour", text.Out.Split('\n')[2]);

        var html = CliRun.Of("analyze", path, "--format", "html", "--heap-size", HeapSize.ToString(CultureInfo.InvariantCulture));
        Assert.Matches("<div class=\"alarm\"><dt>Heap runs out</dt><dd title=\"exhaustion forecast: leaking, [^\"]+\">in [\\d.]+ days</dd></div>", html.Out);
    }

    [Fact]
    public void AnMtraceLogHasNoClockSoEvenWithAHeapSizeThereIsNoForecast()
    {
        var path = Write("forecast.mtrace", "= Start\n@ ./p:[0x10] + 0x1000 0x20\n@ ./p:[0x10] + 0x1040 0x20\n@ ./p:[0x14] - 0x1000\n= End\n");

        using var report = CliRun.Of("analyze", path, "--format", "json", "--heap-size", "65536").Json();

        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("forecast").ValueKind);
        Assert.Equal("the trace has no timestamps", report.RootElement.GetProperty("noForecastReason").GetString());
        Assert.Contains("\nno exhaustion forecast: the trace has no timestamps\n", CliRun.Of("analyze", path, "--heap-size", "65536").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64K")]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("-4096")]
    public void ABadHeapSizeExitsWithCodeTwoAndSaysWhatItExpects(string heapSize)
    {
        var run = CliRun.Of("analyze", Sample, "--heap-size", heapSize);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--heap-size '{heapSize}': expected a whole number of bytes above 0, without a unit (e.g. 65536)", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void AReserveThatLeavesNothingOfTheHeapExitsWithCodeTwo()
    {
        var run = CliRun.Of("analyze", Sample, "--heap-size", "4096", "--reserve", "4096");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--reserve 4096 leaves nothing of --heap-size 4096", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// An interpreted heaptrack file of ten days: every hour a burst of allocations of 256 bytes,
    /// all freed but one. Returns the file and the peak live bytes of its last hour.
    /// </summary>
    private static (string Path, long PeakAtEnd) LeakingHeaptrackTrace()
    {
        var trace = new StringBuilder($"v 10400 3\nX ./prog\ns 6 ./prog\ns 4 main\ni 1000 1 2\nt 1 0\na {LeakedBlockBytes:x} 1\n");
        long peak = 0;
        for (var hour = 0; hour < Hours; hour++)
        {
            trace.Append(CultureInfo.InvariantCulture, $"c {hour * 3_600_000L:x}\n");
            var burst = 6 + (hour * 7919 % 5); // deterministic noise above the floor
            trace.Append(string.Concat(Enumerable.Repeat("+ 0\n", burst)));
            trace.Append(string.Concat(Enumerable.Repeat("- 0\n", burst - 1)));
            peak = (hour + burst) * (long)LeakedBlockBytes;
        }

        return (Write("forecast-leak.heaptrack", trace.ToString()), peak);
    }

    private static string Write(string name, string text)
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
