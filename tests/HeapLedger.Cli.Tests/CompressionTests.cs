using System.IO.Compression;
using HeapLedger.Cli.Tests.Support;
using ZstdSharp;

namespace HeapLedger.Cli.Tests;

/// <summary>heaptrack writes .zst, or .gz when built without zstd, or plain text: all read the same, whatever the name.</summary>
public sealed class CompressionTests
{
    [Fact]
    public void ZstdGzipAndPlainTextCopiesOfOneTraceGiveTheSameReport()
    {
        var zst = TraceFactory.Heaptrack(TraceFactory.Compile(RepoPaths.Sample("patterns.c"), "-O2"));
        var text = Path.Combine(TraceFactory.WorkDirectory, "patterns-copy.txt");
        using (var input = new DecompressionStream(File.OpenRead(zst)))
        using (var output = File.Create(text))
        {
            input.CopyTo(output);
        }

        // A gzip file named like a zstd one: the content decides.
        var gz = Path.Combine(TraceFactory.WorkDirectory, "patterns-copy.zst");
        using (var input = File.OpenRead(text))
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        var reports = new[] { zst, gz, text }.Select(path =>
        {
            var run = CliRun.Of("analyze", path, "--format", "json");
            Assert.Equal(1, run.ExitCode);
            var root = run.Json().RootElement;
            Assert.Equal("heaptrack", root.GetProperty("input").GetProperty("format").GetString());
            return root.GetProperty("sites").GetRawText();
        }).ToList();
        Assert.Equal(reports[0], reports[1]);
        Assert.Equal(reports[0], reports[2]);
    }
}
