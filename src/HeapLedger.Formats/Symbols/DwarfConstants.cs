namespace HeapLedger.Formats.Symbols;

/// <summary>The DWARF tag, attribute and form codes this reader acts on (DWARF 5, section 7).</summary>
internal static class DwarfConstants
{
    public const ulong TagInlinedSubroutine = 0x1d;
    public const ulong TagSubprogram = 0x2e;

    public const ulong AttrName = 0x03;
    public const ulong AttrStmtList = 0x10;
    public const ulong AttrLowPc = 0x11;
    public const ulong AttrHighPc = 0x12;
    public const ulong AttrCompDir = 0x1b;
    public const ulong AttrAbstractOrigin = 0x31;
    public const ulong AttrSpecification = 0x47;
    public const ulong AttrRanges = 0x55;
    public const ulong AttrCallFile = 0x58;
    public const ulong AttrCallLine = 0x59;
    public const ulong AttrLinkageName = 0x6e;
    public const ulong AttrStrOffsetsBase = 0x72;
    public const ulong AttrAddrBase = 0x73;
    public const ulong AttrRnglistsBase = 0x74;
    public const ulong AttrMipsLinkageName = 0x2007;
    public const ulong AttrGnuAddrBase = 0x2133;

    public const ulong FormAddr = 0x01;
    public const ulong FormBlock2 = 0x03;
    public const ulong FormBlock4 = 0x04;
    public const ulong FormData2 = 0x05;
    public const ulong FormData4 = 0x06;
    public const ulong FormData8 = 0x07;
    public const ulong FormString = 0x08;
    public const ulong FormBlock = 0x09;
    public const ulong FormBlock1 = 0x0a;
    public const ulong FormData1 = 0x0b;
    public const ulong FormFlag = 0x0c;
    public const ulong FormSdata = 0x0d;
    public const ulong FormStrp = 0x0e;
    public const ulong FormUdata = 0x0f;
    public const ulong FormRefAddr = 0x10;
    public const ulong FormRef1 = 0x11;
    public const ulong FormRef2 = 0x12;
    public const ulong FormRef4 = 0x13;
    public const ulong FormRef8 = 0x14;
    public const ulong FormRefUdata = 0x15;
    public const ulong FormIndirect = 0x16;
    public const ulong FormSecOffset = 0x17;
    public const ulong FormExprloc = 0x18;
    public const ulong FormFlagPresent = 0x19;
    public const ulong FormStrx = 0x1a;
    public const ulong FormAddrx = 0x1b;
    public const ulong FormRefSup4 = 0x1c;
    public const ulong FormStrpSup = 0x1d;
    public const ulong FormData16 = 0x1e;
    public const ulong FormLineStrp = 0x1f;
    public const ulong FormRefSig8 = 0x20;
    public const ulong FormImplicitConst = 0x21;
    public const ulong FormLoclistx = 0x22;
    public const ulong FormRnglistx = 0x23;
    public const ulong FormRefSup8 = 0x24;
    public const ulong FormStrx1 = 0x25;
    public const ulong FormStrx2 = 0x26;
    public const ulong FormStrx3 = 0x27;
    public const ulong FormStrx4 = 0x28;
    public const ulong FormAddrx1 = 0x29;
    public const ulong FormAddrx2 = 0x2a;
    public const ulong FormAddrx3 = 0x2b;
    public const ulong FormAddrx4 = 0x2c;
    public const ulong FormGnuAddrIndex = 0x1f01;
    public const ulong FormGnuStrIndex = 0x1f02;
    public const ulong FormGnuRefAlt = 0x1f20;
    public const ulong FormGnuStrpAlt = 0x1f21;
}
