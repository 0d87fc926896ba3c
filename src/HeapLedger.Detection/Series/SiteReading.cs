namespace HeapLedger.Detection.Series;

/// <summary>One site's figures as read from one heartbeat's <c>sites</c>.</summary>
internal readonly record struct SiteReading(string Site, long LiveCount, long LiveBytes);
