using System.Globalization;
using System.Text.RegularExpressions;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>The instructions of a program as objdump lists them, with the function each is in.</summary>
internal sealed partial class Disassembly
{
    private static readonly HashSet<string> Allocators = ["malloc", "calloc", "realloc", "free"];

    private Disassembly(List<Instruction> instructions) => Instructions = instructions;

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>The return addresses of every call to malloc, calloc, realloc or free.</summary>
    public IEnumerable<ulong> AllocatorReturnAddresses =>
        Instructions.Where(i => i.CallTarget is { } target && Allocators.Contains(target)).Select(i => i.Address + (ulong)i.Length);

    public static async Task<Disassembly> ReadAsync(string program)
    {
        var output = await Tool.RunAsync("objdump", ["-d", "-w", program]);
        var instructions = new List<Instruction>();
        var function = string.Empty;
        foreach (var line in output.Split('\n'))
        {
            if (FunctionHeader().Match(line) is { Success: true } header)
            {
                function = header.Groups[1].Value;
            }
            else if (InstructionLine().Match(line) is { Success: true } instruction)
            {
                var address = ulong.Parse(instruction.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var length = instruction.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                var call = CallTarget().Match(instruction.Groups[3].Value);
                instructions.Add(new Instruction(address, length, function, call.Success ? call.Groups[1].Value : null));
            }
        }

        return new Disassembly(instructions);
    }

    [GeneratedRegex(@"^[0-9a-f]+ <(.+)>:$")]
    private static partial Regex FunctionHeader();

    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f ]+)\t(.+)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"^call\S*\s+[0-9a-f]+ <([^@>+]+)(?:@plt)?>")]
    private static partial Regex CallTarget();

    internal sealed record Instruction(ulong Address, int Length, string Function, string? CallTarget);
}
