namespace HeapLedger.Core.Events;

/// <summary>
/// One frame of a call stack, innermost first. <see cref="Address"/> is the address as the trace
/// recorded it (a return address for callers), <see cref="File"/> is the path as the debug info
/// records it. Any field may be missing when the trace or the ELF does not say.
/// </summary>
public sealed record Frame(string? Function, string? File, int Line, string? Module, ulong Address, bool Inlined = false)
{
    /// <summary>The key that names a site: function + file + line where known, else module + address.</summary>
    public string SiteKey =>
        File is not null && Line > 0
            ? $"{Function ?? "??"}\u0001{File}\u0001{Line}"
            : Function is not null
                ? $"{Function}\u0001{Module}"
                : $"{Module}\u0001{Address:x}";

    public override string ToString()
    {
        var where = File is not null && Line > 0 ? $" {File}:{Line}" : string.Empty;
        var what = Function ?? (Address != 0 ? $"0x{Address:x}" : "??");
        var inModule = Module is not null && File is null ? $" in {Module}" : string.Empty;
        return $"{what}{where}{inModule}{(Inlined ? " (inlined)" : string.Empty)}";
    }
}
