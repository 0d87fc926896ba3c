using HeapLedger.Core.Events;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// Symbolization for one module's ELF: DWARF (inline chain, file, line) where present, the
/// symbol table for the function name otherwise. DWARF and symbols are read on first use.
/// </summary>
internal sealed class ModuleSymbols
{
    private readonly string module;
    private readonly ElfImage image;
    private readonly Action<string, string> warn;
    private readonly Lazy<DwarfInfo?> dwarf;
    private readonly Lazy<ElfSymbolTable?> symbols;

    /// <param name="warn">Told (problem key, message) of each problem; the caller keeps one message per key.</param>
    public ModuleSymbols(string module, ElfImage image, Action<string, string> warn)
    {
        this.module = module;
        this.image = image;
        this.warn = warn;
        dwarf = new Lazy<DwarfInfo?>(LoadDwarf, LazyThreadSafetyMode.None);
        symbols = new Lazy<ElfSymbolTable?>(LoadSymbols, LazyThreadSafetyMode.None);
    }

    public ElfImage Image => image;

    /// <summary>The frames for the code at virtual address <paramref name="address"/>, innermost first.</summary>
    /// <param name="reportedAddress">The address as the trace recorded it, kept in the frames.</param>
    public IReadOnlyList<Frame> Resolve(ulong address, bool isReturnAddress, ulong reportedAddress)
    {
        var lookup = address;
        if (image.IsArm)
        {
            // Bit 0 of an ARM code address says Thumb state; the instruction is at the even address.
            lookup &= ~1UL;
        }

        // A return address is just past the call: step back into the call instruction.
        if (isReturnAddress && lookup > 0)
        {
            lookup--;
        }

        if (!image.IsCode(lookup))
        {
            warn("mismatch", $"warning: {Describe()}: address 0x{reportedAddress:x} is not in its code (code of another library, or not the ELF the trace was recorded with); such addresses are shown as they are");
            return [new Frame(null, null, 0, module, reportedAddress)];
        }

        return FromDwarf(lookup, reportedAddress) ?? [new Frame(SymbolName(lookup), null, 0, module, reportedAddress)];
    }

    private Frame[]? FromDwarf(ulong address, ulong reportedAddress)
    {
        if (dwarf.Value is not { } info || info.FindUnit(address) is not { } found)
        {
            return null;
        }

        var details = found.Details;
        string? file = null;
        var line = 0;
        if (details.Lines is { } lines && lines.TryFind(address, out var fileIndex, out line))
        {
            file = lines.FileName(fileIndex);
        }

        var chain = details.Functions?.Find(address) ?? [];
        if (chain.Count == 0)
        {
            return file is null ? null : [new Frame(SymbolName(address), file, line, module, reportedAddress)];
        }

        var frames = new Frame[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var scope = chain[i];
            var name = info.FunctionName(scope.DieOffset);
            if (name is null && !scope.Inlined)
            {
                name = SymbolName(address);
            }

            frames[i] = new Frame(name, file, line, module, reportedAddress, scope.Inlined);

            // The next frame out is where this one was inlined.
            file = details.Lines?.FileName(scope.CallFile);
            line = scope.CallLine;
        }

        return frames;
    }

    private string? SymbolName(ulong address) => symbols.Value?.Find(address);

    private DwarfInfo? LoadDwarf()
    {
        DwarfSections? sections;
        try
        {
            sections = DwarfSections.Load(image);
        }
        catch (SymbolFormatException ex)
        {
            ReportCorrupt(ex.Message);
            return null;
        }

        if (sections is null)
        {
            warn("no-debug-info", $"warning: {Describe()}: no debug info; sites shown with function names only");
            return null;
        }

        return new DwarfInfo(sections, ReportCorrupt);
    }

    private ElfSymbolTable? LoadSymbols()
    {
        try
        {
            return ElfSymbolTable.Read(image);
        }
        catch (SymbolFormatException ex)
        {
            warn("corrupt-symbols", $"warning: {Describe()}: corrupt symbol table ({ex.Message}); function names not shown");
            return null;
        }
    }

    private void ReportCorrupt(string detail) =>
        warn("corrupt-dwarf", $"warning: {Describe()}: corrupt debug info ({detail}); some sites shown without file:line");

    private string Describe() => image.Path == module ? module : $"{module} ({image.Path})";
}
