namespace HeapLedger.Detection.Evaluation;

/// <summary>The detectors <c>heapledger eval</c> compares: the project's detector first, then the two baselines.</summary>
public static class DetectorCatalog
{
    public static IReadOnlyList<IDeviceDetector> All(long reserveBytes = FleetOptions.DefaultReserveBytes) =>
    [
        new Detector.LeakDetector(new Detector.DetectorOptions { ReserveBytes = reserveBytes }),
        new ThresholdAlert(),
        new LeastSquaresSlope(reserveBytes: reserveBytes),
    ];
}
