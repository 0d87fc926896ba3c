namespace HeapLedger.Formats.Input;

public enum Compression
{
    None,
    Zstd,
    Gzip,
}
