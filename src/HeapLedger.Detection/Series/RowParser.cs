namespace HeapLedger.Detection.Series;

/// <summary>
/// One row of a heap series at a time: its figures, the name of its device, its attribute
/// values and its site ledgers. The name, values and sites are those of the row last parsed,
/// valid until the next one, so that the reader can compare them with the current device's
/// without making strings.
/// </summary>
internal abstract class RowParser
{
    public abstract HeapPoint Parse(ReadOnlySpan<byte> line, long number);

    /// <summary>The UTF-8 name of the device of the row last parsed: not empty, within SeriesLimits.MaxFieldBytes.</summary>
    public abstract ReadOnlySpan<byte> Device { get; }

    /// <summary>Hands the attribute values of the row last parsed to its device.</summary>
    public abstract void KeepAttributes(DeviceAccumulator device);

    /// <summary>The site ledgers of the row last parsed: none unless the format carries them (a CSV never does).</summary>
    public virtual IReadOnlyList<SiteReading> Sites => [];
}
