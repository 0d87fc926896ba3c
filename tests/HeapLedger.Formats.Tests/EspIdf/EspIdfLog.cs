using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Core.Reports;
using HeapLedger.Formats.EspIdf;
using HeapLedger.Formats.Input;

namespace HeapLedger.Formats.Tests.EspIdf;

/// <summary>
/// Writes a device log to a temporary file and reads it into a real ledger, with callers resolved
/// to frames named after their address (<c>fn_400d1234</c>).
/// </summary>
internal sealed class EspIdfLog : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("heapledger-espidf-").FullName;

    public string Path { get; private set; } = string.Empty;

    public AllocationLedger Ledger { get; private set; } = new();

    public List<ulong> Resolved { get; } = [];

    public EspIdfHeapTraceReader Read(string text, TraceLimits? limits = null)
    {
        Path = System.IO.Path.Combine(directory, $"monitor-{Guid.NewGuid():n}.log");
        File.WriteAllText(Path, text);
        Ledger = new AllocationLedger();
        using var input = TraceInput.Open(Path);
        var lines = new LineReader(input, (limits ?? TraceLimits.Default).MaxLineBytes);
        var reader = new EspIdfHeapTraceReader(lines, Ledger, Resolve, limits ?? TraceLimits.Default);
        reader.Read();
        return reader;
    }

    public AnalysisReport Report(EspIdfHeapTraceReader reader) =>
        ReportBuilder.Build(Ledger, new InputInfo(Path, "esp-idf", reader.Events), atExit: false);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private IReadOnlyList<Frame> Resolve(string? module, ulong address, string? symbol)
    {
        Assert.Null(module);
        Assert.Null(symbol);
        Resolved.Add(address);
        return [new Frame($"fn_{address:x}", null, 0, null, address)];
    }
}
