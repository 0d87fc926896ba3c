using static HeapLedger.Formats.Symbols.DwarfConstants;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// The attributes of one DIE that symbolization uses; every other attribute is read past.
/// A value is <see cref="DwarfValueKind.None"/> when the DIE does not have it.
/// </summary>
internal struct DwarfDie
{
    public DwarfValue Name;
    public DwarfValue LinkageName;
    public DwarfValue LowPc;
    public DwarfValue HighPc;
    public DwarfValue Ranges;
    public DwarfValue AbstractOrigin;
    public DwarfValue Specification;
    public DwarfValue CallFile;
    public DwarfValue CallLine;
    public DwarfValue StmtList;
    public DwarfValue CompDir;
    public DwarfValue StrOffsetsBase;
    public DwarfValue AddrBase;
    public DwarfValue RnglistsBase;

    public bool HasCode => LowPc.IsPresent && HighPc.IsPresent || Ranges.IsPresent;

    /// <summary>Reads the attributes of a DIE whose abbreviation code has just been read.</summary>
    public static DwarfDie Read(ref ByteReader reader, DwarfAbbreviation abbreviation, DwarfFormat format)
    {
        var die = default(DwarfDie);
        foreach (var spec in abbreviation.Attributes)
        {
            var value = DwarfForms.Read(ref reader, spec.Form, spec.ImplicitConst, format);
            switch (spec.Name)
            {
                case AttrName: die.Name = value; break;
                case AttrLinkageName:
                case AttrMipsLinkageName: die.LinkageName = value; break;
                case AttrLowPc: die.LowPc = value; break;
                case AttrHighPc: die.HighPc = value; break;
                case AttrRanges: die.Ranges = value; break;
                case AttrAbstractOrigin: die.AbstractOrigin = value; break;
                case AttrSpecification: die.Specification = value; break;
                case AttrCallFile: die.CallFile = value; break;
                case AttrCallLine: die.CallLine = value; break;
                case AttrStmtList: die.StmtList = value; break;
                case AttrCompDir: die.CompDir = value; break;
                case AttrStrOffsetsBase: die.StrOffsetsBase = value; break;
                case AttrAddrBase:
                case AttrGnuAddrBase: die.AddrBase = value; break;
                case AttrRnglistsBase: die.RnglistsBase = value; break;
                default: break;
            }
        }

        return die;
    }

    /// <summary>Reads past the attributes of a DIE that is of no interest.</summary>
    public static void Skip(ref ByteReader reader, DwarfAbbreviation abbreviation, DwarfFormat format)
    {
        foreach (var spec in abbreviation.Attributes)
        {
            DwarfForms.Read(ref reader, spec.Form, spec.ImplicitConst, format);
        }
    }
}
