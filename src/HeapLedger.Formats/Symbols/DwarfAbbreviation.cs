namespace HeapLedger.Formats.Symbols;

/// <summary>One attribute of an abbreviation: its name, form, and the value of a DW_FORM_implicit_const.</summary>
internal readonly record struct DwarfAttributeSpec(ulong Name, ulong Form, long ImplicitConst);

/// <summary>One .debug_abbrev entry: the shape of every DIE that uses its code.</summary>
internal sealed record DwarfAbbreviation(ulong Tag, bool HasChildren, DwarfAttributeSpec[] Attributes);
