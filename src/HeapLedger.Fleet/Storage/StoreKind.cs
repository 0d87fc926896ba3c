namespace HeapLedger.Fleet.Storage;

public enum StoreKind
{
    Sqlite,
    Postgres,
}
