using HeapLedger.Detection;

namespace HeapLedger.Fleet.Storage;

/// <summary>The verdicts on every site of one device's ledger at <see cref="JudgedAt"/> (the service's clock); empty when it sent none.</summary>
public sealed record SiteJudgements(string Device, DateTimeOffset JudgedAt, IReadOnlyList<SiteForecast> Sites);
