using static HeapLedger.Formats.Symbols.DwarfConstants;

namespace HeapLedger.Formats.Symbols;

/// <summary>Reads (and so skips) one attribute value of any DWARF 2-5 or GNU form.</summary>
internal static class DwarfForms
{
    public static DwarfValue Read(ref ByteReader reader, ulong form, long implicitConst, DwarfFormat format)
    {
        for (var hops = 0; hops <= SymbolLimits.MaxIndirectForms; hops++)
        {
            switch (form)
            {
                case FormIndirect:
                    form = reader.ULeb128();
                    continue;
                case FormAddr:
                    return new(DwarfValueKind.Address, reader.UInt(format.AddressSize));
                case FormData1:
                case FormFlag:
                    return new(DwarfValueKind.Constant, reader.U8());
                case FormData2:
                    return new(DwarfValueKind.Constant, reader.U16());
                case FormData4:
                    return new(DwarfValueKind.Constant, reader.U32());
                case FormData8:
                    return new(DwarfValueKind.Constant, reader.U64());
                case FormSdata:
                    return new(DwarfValueKind.Constant, (ulong)reader.SLeb128());
                case FormUdata:
                    return new(DwarfValueKind.Constant, reader.ULeb128());
                case FormImplicitConst:
                    return new(DwarfValueKind.Constant, (ulong)implicitConst);
                case FormFlagPresent:
                    return new(DwarfValueKind.Constant, 1);
                case FormString:
                    var start = reader.Position;
                    reader.SkipCString();
                    return new(DwarfValueKind.InlineString, (ulong)start);
                case FormStrp:
                    return new(DwarfValueKind.StringOffset, reader.Offset(format.Is64));
                case FormLineStrp:
                    return new(DwarfValueKind.LineStringOffset, reader.Offset(format.Is64));
                case FormStrx:
                case FormGnuStrIndex:
                    return new(DwarfValueKind.StringIndex, reader.ULeb128());
                case FormStrx1:
                case FormStrx2:
                case FormStrx3:
                case FormStrx4:
                    return new(DwarfValueKind.StringIndex, reader.UInt((int)(form - FormStrx1) + 1));
                case FormAddrx:
                case FormGnuAddrIndex:
                    return new(DwarfValueKind.AddressIndex, reader.ULeb128());
                case FormAddrx1:
                case FormAddrx2:
                case FormAddrx3:
                case FormAddrx4:
                    return new(DwarfValueKind.AddressIndex, reader.UInt((int)(form - FormAddrx1) + 1));
                case FormRef1:
                    return new(DwarfValueKind.UnitReference, reader.U8());
                case FormRef2:
                    return new(DwarfValueKind.UnitReference, reader.U16());
                case FormRef4:
                    return new(DwarfValueKind.UnitReference, reader.U32());
                case FormRef8:
                    return new(DwarfValueKind.UnitReference, reader.U64());
                case FormRefUdata:
                    return new(DwarfValueKind.UnitReference, reader.ULeb128());
                case FormRefAddr:
                    // DWARF 2 sized these like addresses; later versions like offsets.
                    var size = format.Version <= 2 ? format.AddressSize : format.OffsetSize;
                    return new(DwarfValueKind.InfoReference, reader.UInt(size));
                case FormSecOffset:
                    return new(DwarfValueKind.SectionOffset, reader.Offset(format.Is64));
                case FormRnglistx:
                    return new(DwarfValueKind.RangeListIndex, reader.ULeb128());
                case FormLoclistx:
                    return new(DwarfValueKind.Other, reader.ULeb128());
                case FormRefSig8:
                case FormRefSup8:
                    return new(DwarfValueKind.Other, reader.U64());
                case FormRefSup4:
                    return new(DwarfValueKind.Other, reader.U32());
                case FormStrpSup:
                case FormGnuRefAlt:
                case FormGnuStrpAlt:
                    return new(DwarfValueKind.Other, reader.Offset(format.Is64));
                case FormData16:
                    reader.Skip(16);
                    return new(DwarfValueKind.Other, 0);
                case FormBlock1:
                    reader.Skip(reader.U8());
                    return new(DwarfValueKind.Other, 0);
                case FormBlock2:
                    reader.Skip(reader.U16());
                    return new(DwarfValueKind.Other, 0);
                case FormBlock4:
                    reader.Skip(reader.U32());
                    return new(DwarfValueKind.Other, 0);
                case FormBlock:
                case FormExprloc:
                    reader.Skip(reader.ULeb128());
                    return new(DwarfValueKind.Other, 0);
                default:
                    throw reader.Corrupt($"unknown attribute form 0x{form:x}");
            }
        }

        throw reader.Corrupt($"more than {SymbolLimits.MaxIndirectForms} chained DW_FORM_indirect");
    }
}
