namespace HeapLedger.Core;

/// <summary>
/// The one user-facing error: bad input or bad usage. Its message is printed as it is, without a
/// stack trace, and the command exits with code 2. The message names the file and the line or byte
/// offset, and what was wrong.
/// </summary>
public sealed class HeapLedgerException : Exception
{
    public HeapLedgerException(string message) : base(message) { }

    public HeapLedgerException(string message, Exception inner) : base(message, inner) { }

    public HeapLedgerException() { }
}
