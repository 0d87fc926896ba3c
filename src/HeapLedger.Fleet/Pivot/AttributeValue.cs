namespace HeapLedger.Fleet.Pivot;

/// <summary>One attribute having one value: <c>firmware=2.3</c>.</summary>
public sealed record AttributeValue(string Name, string Value)
{
    public override string ToString() => $"{Name}={Value}";
}
