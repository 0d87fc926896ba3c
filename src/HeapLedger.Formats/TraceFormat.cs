namespace HeapLedger.Formats;

public enum TraceFormat
{
    Heaptrack,
    Mtrace,
    DeviceRecords,
    EspIdfHeapTrace,
}
