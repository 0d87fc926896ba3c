using HeapLedger.Detection;

namespace HeapLedger.Fleet.Storage;

/// <summary>What the detection job concluded about a device at <see cref="JudgedAt"/> (the service's clock).</summary>
public sealed record Judgement(DeviceForecast Forecast, DateTimeOffset JudgedAt);
