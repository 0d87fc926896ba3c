namespace HeapLedger.Formats.Symbols;

/// <summary>
/// An ELF or DWARF file that is corrupt or of a kind this reader does not handle. It never leaves
/// <see cref="SymbolResolver"/>: the resolver turns it into a warning and address-only frames.
/// </summary>
internal sealed class SymbolFormatException : Exception
{
    public SymbolFormatException(string message) : base(message) { }

    public SymbolFormatException(string message, Exception inner) : base(message, inner) { }

    public SymbolFormatException() { }
}
