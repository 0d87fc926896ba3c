namespace HeapLedger.Core.Reports;

/// <summary>The leak detector's verdict on the heap as a whole. JSON names: leaking, healthy, insufficient-data.</summary>
public enum ForecastVerdict
{
    Leaking,
    Healthy,
    InsufficientData,
}
