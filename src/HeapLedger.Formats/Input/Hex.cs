namespace HeapLedger.Formats.Input;

/// <summary>Field parsing for text traces: lowercase or uppercase hex without 0x, space separated.</summary>
public static class Hex
{
    /// <summary>Parses one hex field at <paramref name="pos"/>, skipping one leading space; advances past it.</summary>
    public static bool TryField(ReadOnlySpan<byte> line, ref int pos, out ulong value)
    {
        var i = pos;
        if (i < line.Length && line[i] == (byte)' ')
        {
            i++;
        }

        ulong v = 0;
        var digits = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            uint d;
            if ((uint)(c - '0') <= 9)
            {
                d = (uint)(c - '0');
            }
            else if ((uint)((c | 0x20) - 'a') <= 5)
            {
                d = (uint)((c | 0x20) - 'a' + 10);
            }
            else
            {
                break;
            }

            if (++digits > 16)
            {
                value = 0;
                return false;
            }

            v = (v << 4) | d;
        }

        pos = i;
        value = v;
        return digits > 0 && (i == line.Length || line[i] == (byte)' ');
    }

    /// <summary>True when nothing but spaces (or a carriage return) follows <paramref name="pos"/>.</summary>
    public static bool AtEnd(ReadOnlySpan<byte> line, int pos)
    {
        for (var i = pos; i < line.Length; i++)
        {
            if (line[i] != (byte)' ' && line[i] != (byte)'\r')
            {
                return false;
            }
        }

        return true;
    }
}
