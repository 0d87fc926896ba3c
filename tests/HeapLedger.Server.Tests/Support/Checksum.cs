using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HeapLedger.Server.Tests.Support;

/// <summary>An order-independent checksum over (device, seq, free): the sum of a 64-bit hash of each, so the client's view and the store's can be compared.</summary>
public sealed class Checksum
{
    public long Count { get; private set; }

    public ulong Sum { get; private set; }

    public void Add(string device, long seq, long free)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{device}\n{seq}\n{free}")), digest);
        Sum += BitConverter.ToUInt64(digest);
        Count++;
    }

    public override string ToString() => $"{Count} heartbeats, checksum {Sum:x16}";
}
