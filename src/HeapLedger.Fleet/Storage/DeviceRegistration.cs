namespace HeapLedger.Fleet.Storage;

/// <summary>A device to add: its id and the SHA-256 of its token (<see cref="Identity.Tokens.Hash"/>).</summary>
public sealed record DeviceRegistration(string Id, string TokenHash);
