using System.IO.Compression;
using System.Text;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>Bad input ends with exit code 2 and one message naming the file and where, never a stack trace.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Header = "v 10400 3\nX ./prog\ns 6 ./prog\ns 4 main\ni 1000 1 2\nt 1 0\na 20 1\n";
    private readonly string dir = Directory.CreateTempSubdirectory("heapledger-hostile-").FullName;

    [Fact]
    public void ATruncatedZstdFileNamesTheByteOffset()
    {
        var real = File.ReadAllBytes(TraceFactory.Heaptrack(TraceFactory.Compile(RepoPaths.Sample("patterns.c"), "-O0")));
        var path = Write("cut.zst", real.AsSpan(0, real.Length / 2).ToArray());
        var run = Rejected(path);
        Assert.Contains("truncated", run.Error, StringComparison.Ordinal);
        Assert.Contains("byte offset", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedGzipFileIsRejected()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(Header + string.Concat(Enumerable.Repeat("+ 0\n- 0\n", 20000))));
        }

        var bytes = buffer.ToArray();
        var run = Rejected(Write("cut.gz", bytes.AsSpan(0, bytes.Length - 40).ToArray()));
        Assert.Contains("gzip", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AGarbledLineIsNamedByItsNumber()
    {
        var run = Rejected(WriteText("garbled.txt", Header + "+ 0\n+ zz\n"));
        Assert.Contains("garbled.txt:9:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexUsedBeforeItIsDefinedIsRejected()
    {
        var run = Rejected(WriteText("early.txt", Header + "+ 5\n"));
        Assert.Contains("early.txt:8:", run.Error, StringComparison.Ordinal);
        Assert.Contains("allocation index 5 used before it is defined", run.Error, StringComparison.Ordinal);

        var trace = Rejected(WriteText("trace.txt", "v 10400 3\ns 4 main\ni 1000 1 1\nt 1 7\n"));
        Assert.Contains("trace.txt:4: parent trace index 7 used before it is defined", trace.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeCountIsRefusedAgainstItsLimit()
    {
        var run = Rejected(WriteText("huge.txt", "v 10400 3\ns ffffffffff x\n"));
        Assert.Contains("huge.txt:2: string length 1099511627775 exceeds the limit", run.Error, StringComparison.Ordinal);

        var size = Rejected(WriteText("size.txt", Header + "a ffffffffffffff 1\n"));
        Assert.Contains("size.txt:8: allocation size", size.Error, StringComparison.Ordinal);

        var overflow = Rejected(WriteText("overflow.txt", Header + "+ 1ffffffffffffffffff\n"));
        Assert.Contains("overflow.txt:8:", overflow.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ARawHeaptrackFileIsRejectedWithHowToInterpretIt()
    {
        var run = Rejected(WriteText("raw.txt", "v 10400 3\nx 9 /tmp/prog\nX /tmp/prog\nm 1 -\n"));
        Assert.Contains("raw (uninterpreted) heaptrack file", run.Error, StringComparison.Ordinal);
        Assert.Contains("heaptrack_interpret", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileIsRejected()
    {
        var run = Rejected(Write("empty.zst", []));
        Assert.Contains("empty.zst: the file is empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinaryFileIsRejectedWithTheOffsetOfItsFirstZeroByte()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'v';
        bytes[100] = 0;
        var run = Rejected(Write("random.bin", bytes));
        Assert.Contains("random.bin:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AGarbledMtraceLineIsNamedByItsNumber()
    {
        var run = Rejected(WriteText("bad.mtrace", "= Start\n@ ./p:[0x10] + 0x1000 0x20\n@ ./p:[0x14] + 0xZZ 0x20\n= End\n"));
        Assert.Contains("bad.mtrace:3: bad pointer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAUsageError()
    {
        var run = Rejected(Path.Combine(dir, "nope.zst"));
        Assert.Contains("nope.zst: no such file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFormatOptionIsAUsageError()
    {
        var run = CliRun.Of("analyze", WriteText("ok.txt", Header), "--format", "pdf");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pdf", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static CliRun Rejected(string path)
    {
        var run = CliRun.Of("analyze", path);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Error}");
        Assert.Single(run.Error.Split('\n'), l => l.StartsWith("heapledger: error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(path), run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
        return run;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteText(string name, string text) => Write(name, Encoding.ASCII.GetBytes(text));
}
