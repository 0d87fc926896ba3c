using HeapLedger.Core.Events;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// Maps code addresses of a trace to functions, source files, lines and inline chains, from the
/// DWARF (4 or 5) and symbol tables of the modules' ELF files. Bad, missing or mismatched files
/// cost a warning (once per module and problem) and leave address-only frames; nothing throws.
/// </summary>
public sealed class SymbolResolver
{
    private readonly SymbolOptions options;
    private readonly Action<string> warn;
    private readonly Lock gate = new();
    private readonly Dictionary<string, ModuleSymbols?> modules = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Module, ulong Address, bool IsReturn, bool IsAbsolute), IReadOnlyList<Frame>> results = [];
    private readonly HashSet<(string Module, string Problem)> warned = [];

    /// <param name="warn">Told one-line human messages, at most once per module and problem.</param>
    public SymbolResolver(SymbolOptions options, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warn);
        this.options = options;
        this.warn = warn;
    }

    /// <summary>
    /// Frames for the code at <paramref name="moduleOffset"/> from the load base of
    /// <paramref name="module"/> (as glibc mtrace prints "dso:[0x11a1]"), innermost inlined frame
    /// first and the out-of-line function last.
    /// </summary>
    /// <param name="module">The module path as the trace recorded it.</param>
    /// <param name="isReturnAddress">True for callers recorded by allocator hooks: the call is looked up, not the instruction after it.</param>
    public IReadOnlyList<Frame> Resolve(string module, ulong moduleOffset, bool isReturnAddress) =>
        Cached(module ?? string.Empty, moduleOffset, isReturnAddress, isAbsolute: false);

    /// <summary>
    /// Frames for an absolute address in a firmware image: the first ELF of
    /// <see cref="SymbolOptions.ElfFiles"/>, whose virtual addresses the trace records.
    /// </summary>
    public IReadOnlyList<Frame> ResolveAbsolute(ulong address, bool isReturnAddress)
    {
        if (options.ElfFiles.Count == 0)
        {
            lock (gate)
            {
                Warn(string.Empty, "no-elf", "warning: absolute addresses need the program's ELF file (--elf); sites shown as addresses");
            }

            return [new Frame(null, null, 0, null, address)];
        }

        return Cached(options.ElfFiles[0], address, isReturnAddress, isAbsolute: true);
    }

    private IReadOnlyList<Frame> Cached(string module, ulong address, bool isReturnAddress, bool isAbsolute)
    {
        lock (gate)
        {
            var key = (module, address, isReturnAddress, isAbsolute);
            if (!results.TryGetValue(key, out var frames))
            {
                frames = Lookup(module, address, isReturnAddress, isAbsolute);
                results.Add(key, frames);
            }

            return frames;
        }
    }

    private IReadOnlyList<Frame> Lookup(string module, ulong address, bool isReturnAddress, bool isAbsolute)
    {
        try
        {
            if (Module(module) is { } symbols)
            {
                var virtualAddress = isAbsolute ? address : address + symbols.Image.LoadBase;
                return symbols.Resolve(virtualAddress, isReturnAddress, address);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Corrupt input is reported by the readers; anything reaching here is unexpected, and
            // still must not take the analysis down.
            Warn(module, "internal", $"warning: {module}: cannot read symbols ({ex.GetType().Name}: {ex.Message}); sites shown as addresses");
        }

        return [new Frame(null, null, 0, module.Length == 0 ? null : module, address)];
    }

    private ModuleSymbols? Module(string module)
    {
        if (modules.TryGetValue(module, out var symbols))
        {
            return symbols;
        }

        if (module.Length == 0)
        {
            modules[module] = null;
            return null;
        }

        var path = Locate(module);
        if (path is null)
        {
            Warn(module, "missing", $"warning: {module}: no such file; sites shown as addresses");
        }
        else
        {
            try
            {
                symbols = new ModuleSymbols(module, ElfImage.Open(path), (problem, message) => Warn(module, problem, message));
            }
            catch (Exception ex) when (ex is SymbolFormatException or IOException or UnauthorizedAccessException)
            {
                var where = path == module ? module : $"{module} ({path})";
                Warn(module, "unreadable", $"warning: {where}: {ex.Message}; sites shown as addresses");
            }
        }

        modules[module] = symbols;
        return symbols;
    }

    /// <summary>
    /// The ELF for a module: an --elf file of the same file name, the module path under the
    /// sysroot, the file name under the sysroot, the module path itself.
    /// </summary>
    private string? Locate(string module)
    {
        var fileName = Path.GetFileName(module);
        if (fileName.Length > 0)
        {
            foreach (var elf in options.ElfFiles)
            {
                if (string.Equals(Path.GetFileName(elf), fileName, StringComparison.Ordinal) && File.Exists(elf))
                {
                    return elf;
                }
            }
        }

        if (options.Sysroot is { Length: > 0 } sysroot)
        {
            var underSysroot = Path.Combine(sysroot, module.TrimStart('/'));
            if (File.Exists(underSysroot))
            {
                return underSysroot;
            }

            var byName = Path.Combine(sysroot, fileName);
            if (fileName.Length > 0 && File.Exists(byName))
            {
                return byName;
            }
        }

        return File.Exists(module) ? module : null;
    }

    private void Warn(string module, string problem, string message)
    {
        if (warned.Add((module, problem)))
        {
            warn(message);
        }
    }
}
