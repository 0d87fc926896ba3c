namespace HeapLedger.Detection.Detector;

/// <summary>A Theil–Sen slope and its Sen (1968) confidence interval, in the units of y per unit of x.</summary>
public readonly record struct SlopeInterval(double Slope, double Low, double High);
