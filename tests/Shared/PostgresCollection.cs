namespace HeapLedger.Tests.Shared;

/// <summary>The tests that share one <see cref="PostgresCluster"/> (and run one after another).</summary>
[CollectionDefinition(PostgresCluster.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;
