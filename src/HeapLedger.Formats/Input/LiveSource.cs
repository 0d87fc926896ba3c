using System.Globalization;
using System.IO.Ports;
using System.Net.Sockets;
using HeapLedger.Core;

namespace HeapLedger.Formats.Input;

/// <summary>
/// Opens what <c>heapledger watch</c> reads: <c>-</c> (standard input), <c>tcp://host:port</c>,
/// <c>serial:///dev/ttyX?baud=115200</c>, or a file that may still be growing (followed like
/// <c>tail -f</c>). Cancelling ends the stream quietly: a read then returns 0.
/// </summary>
public static class LiveSource
{
    /// <param name="idleLimit">For a followed file: stop after this long without new data (null: follow until cancelled).</param>
    public static Stream Open(string source, Func<Stream> standardInput, TimeSpan? idleLimit, CancellationToken cancel)
    {
        Stream stream;
        if (source == "-")
        {
            stream = standardInput();
        }
        else if (source.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            stream = OpenTcp(source);
        }
        else if (source.StartsWith("serial://", StringComparison.OrdinalIgnoreCase))
        {
            stream = OpenSerial(source);
        }
        else
        {
            try
            {
                stream = new FollowedFile(new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), idleLimit, cancel);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HeapLedgerException($"{source}: cannot open: {e.Message}");
            }
        }

        // A socket closed by the device, or a serial adapter unplugged, ends the stream like EOF:
        // what arrived until then is still worth its report.
        var endOnError = source == "-" || source.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("serial://", StringComparison.OrdinalIgnoreCase);
        return new CancellableStream(stream, cancel, endOnError);
    }

    private static Stream OpenTcp(string source)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host))
        {
            throw new HeapLedgerException($"{source}: expected tcp://host:port");
        }

        try
        {
            var client = new TcpClient();
            client.Connect(uri.Host, uri.Port);
            return client.GetStream();
        }
        catch (SocketException e)
        {
            throw new HeapLedgerException($"{source}: cannot connect: {e.Message}");
        }
    }

    private static Stream OpenSerial(string source)
    {
        // serial:///dev/ttyUSB0?baud=115200: the path is the device, the query its speed.
        var rest = source["serial://".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var device = query < 0 ? rest : rest[..query];
        var baud = 115200;
        if (query >= 0)
        {
            foreach (var pair in rest[(query + 1)..].Split('&'))
            {
                var parts = pair.Split('=', 2);
                if (parts is ["baud", var value] && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out baud))
                {
                    throw new HeapLedgerException($"{source}: bad baud rate \"{value}\"");
                }
            }
        }

        try
        {
            var port = new SerialPort(device, baud) { ReadTimeout = SerialPort.InfiniteTimeout };
            port.Open();
            return port.BaseStream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new HeapLedgerException($"{source}: cannot open serial port {device} at {baud} baud: {e.Message}");
        }
    }

    /// <summary>A file read as it grows: at its end, waits for more instead of returning 0.</summary>
    private sealed class FollowedFile(FileStream file, TimeSpan? idleLimit, CancellationToken cancel) : ReadOnlyStream
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var idleSince = DateTime.UtcNow;
            while (true)
            {
                var read = file.Read(buffer, offset, count);
                if (read > 0 || cancel.IsCancellationRequested)
                {
                    return read;
                }

                if (idleLimit is { } limit && DateTime.UtcNow - idleSince >= limit)
                {
                    return 0;
                }

                cancel.WaitHandle.WaitOne(Poll);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Ends a blocking source when cancelled: closes it, and turns the error that follows into end of stream.</summary>
    private sealed class CancellableStream : ReadOnlyStream
    {
        private readonly Stream inner;
        private readonly CancellationToken cancel;
        private readonly CancellationTokenRegistration registration;

        private readonly bool endOnError;

        public CancellableStream(Stream inner, CancellationToken cancel, bool endOnError)
        {
            this.inner = inner;
            this.cancel = cancel;
            this.endOnError = endOnError;
            registration = cancel.Register(inner.Dispose);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (cancel.IsCancellationRequested)
            {
                return 0;
            }

            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (Exception e) when ((cancel.IsCancellationRequested || endOnError) && e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return 0;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                registration.Dispose();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
