namespace HeapLedger.Fleet.Ingest;

/// <summary>The kinds of rejection, as the reply's <c>error</c> member spells them.</summary>
public static class ItemErrors
{
    /// <summary>Not a valid heartbeat: JSON, a type, a range or a figure inconsistent with another.</summary>
    public const string Invalid = "invalid";

    /// <summary>A device token posted a heartbeat of another device.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>A hub posted for a device that is not registered.</summary>
    public const string UnknownDevice = "unknown-device";
}
