namespace HeapLedger.Server.Api;

/// <summary>
/// An allocation site and the devices it leaks on: <c>leakingDevices</c> leaking devices list it
/// among their leaking sites (<c>share</c> of the leaking devices that send ledgers);
/// <c>otherDevices</c> are not judged leaking, yet the site leaks on them on its own.
/// </summary>
public sealed record PivotSiteReply(string Site, int LeakingDevices, double Share, int OtherDevices);
