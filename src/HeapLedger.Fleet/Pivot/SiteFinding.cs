namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// An allocation site and how many devices it leaks on.
/// </summary>
/// <param name="LeakingDevices">Leaking devices whose leaking sites include it.</param>
/// <param name="Share">Of the leaking devices that sent ledgers, the share it leaks on.</param>
/// <param name="OtherDevices">Devices not judged leaking on which the site still leaks on its own.</param>
public sealed record SiteFinding(string Site, int LeakingDevices, double Share, int OtherDevices);
