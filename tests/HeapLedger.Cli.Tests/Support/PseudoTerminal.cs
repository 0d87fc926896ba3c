using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>
/// A pseudo-terminal pair from the C library: the test writes to the master side as a device
/// would to its UART, and heapledger opens the slave side (/dev/pts/N) as a serial port.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private PseudoTerminal(FileStream master, string slavePath, int slave)
    {
        Master = master;
        SlavePath = slavePath;
        this.slave = slave;
    }

    private readonly int slave;
    private int disposed;

    public FileStream Master { get; }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        if (openpty(out var master, out var slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new InvalidOperationException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var name = Marshal.PtrToStringAnsi(ttyname(slave)) ?? throw new InvalidOperationException("ttyname failed");
        return new PseudoTerminal(new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite), name, slave);
    }

    /// <summary>Idempotent: closing a file descriptor twice could close one the runtime has reused since.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Master.Dispose();
        _ = close(slave);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr winsize);

    [DllImport("libc")]
    private static extern IntPtr ttyname(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
