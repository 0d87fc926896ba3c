namespace HeapLedger.Fleet.Storage;

/// <summary>A device id or hub name that the store already holds.</summary>
public sealed class DuplicateNameException : Exception
{
    public DuplicateNameException(string message) : base(message) { }

    public DuplicateNameException(string message, Exception inner) : base(message, inner) { }

    public DuplicateNameException() { }
}
