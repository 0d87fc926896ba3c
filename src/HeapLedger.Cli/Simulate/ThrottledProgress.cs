using System.Globalization;

namespace HeapLedger.Cli.Simulate;

/// <summary>Heartbeats written so far, one line on standard error every tenth of the total (reports may come from many threads).</summary>
internal sealed class ThrottledProgress(TextWriter error, long total) : IProgress<long>
{
    private readonly Lock _lock = new();
    private int _lastTenth;

    public void Report(long value)
    {
        var tenth = total == 0 ? 10 : (int)(value * 10 / total);
        lock (_lock)
        {
            if (tenth <= _lastTenth)
            {
                return;
            }

            _lastTenth = tenth;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heapledger simulate: {value:N0} of {total:N0} heartbeats ({tenth * 10}%)"));
        }
    }
}
