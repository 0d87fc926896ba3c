namespace HeapLedger.Formats.Symbols;

/// <summary>
/// Upper bounds for every count and size read from an ELF or DWARF file, so that a corrupt or
/// hostile file costs a warning, never a huge allocation or an endless loop.
/// </summary>
internal static class SymbolLimits
{
    /// <summary>Largest section read into memory (after decompression).</summary>
    public const long MaxSectionBytes = 1L << 30;

    public const int MaxSectionHeaders = 1 << 20;

    public const int MaxProgramHeaders = 1 << 16;

    /// <summary>Longest NUL-terminated string (names, paths) read from a section.</summary>
    public const int MaxStringBytes = 1 << 16;

    /// <summary>Deepest DIE nesting followed in a compile unit.</summary>
    public const int MaxDieDepth = 1024;

    /// <summary>Most DW_AT_abstract_origin / DW_AT_specification links followed for one name.</summary>
    public const int MaxReferenceHops = 16;

    /// <summary>Most DW_FORM_indirect forms chained for one attribute.</summary>
    public const int MaxIndirectForms = 4;

    /// <summary>Most directory or file entries in one line-table header.</summary>
    public const int MaxLineTableFiles = 1 << 20;
}
