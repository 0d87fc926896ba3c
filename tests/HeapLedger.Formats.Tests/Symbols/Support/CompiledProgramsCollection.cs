namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>The symbolizer test classes share one set of compiled programs.</summary>
[CollectionDefinition(Name)]
public sealed class CompiledProgramsCollection : ICollectionFixture<CompiledPrograms>
{
    public const string Name = "compiled test programs";
}
