using System.Buffers.Binary;

namespace HeapLedger.Formats.Symbols;

/// <summary>The GNU build ID of an ELF file (the NT_GNU_BUILD_ID note), as lowercase hex.</summary>
public static class ElfBuildId
{
    private const uint NoteGnuBuildId = 3;

    /// <summary>The build ID, or null when the file is not a readable ELF or has none. Never throws.</summary>
    public static string? Read(string path)
    {
        try
        {
            var image = ElfImage.Open(path);
            var section = image.FindSection(".note.gnu.build-id");
            if (section is null)
            {
                return null;
            }

            var note = image.ReadSection(section);
            if (note.Length < 12)
            {
                return null;
            }

            var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(note);
            var descSize = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(4));
            var type = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(8));
            var descStart = 12 + (((long)nameSize + 3) & ~3L);
            if (type != NoteGnuBuildId || descStart + descSize > note.Length || descSize is 0 or > 64)
            {
                return null;
            }

            return Convert.ToHexStringLower(note.AsSpan((int)descStart, (int)descSize));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SymbolFormatException or ArgumentException)
        {
            return null;
        }
    }
}
