namespace HeapLedger.Server.Api;

/// <summary>A refused request: a short code (<c>unauthorized</c>, <c>bad-request</c>, <c>too-large</c>, <c>forbidden</c>, <c>not-found</c>, <c>unavailable</c>) and the reason in words.</summary>
public sealed record ApiError(string Error, string Reason);
