using HeapLedger.Core.Reports;
using HeapLedger.Formats.Device;

namespace HeapLedger.Formats;

/// <summary>A trace's report, and the heap samples a device sent in it (empty for other formats) for the exhaustion forecast.</summary>
public sealed record AnalyzedTrace(AnalysisReport Report, IReadOnlyList<HeapSample> HeapSamples);
