namespace HeapLedger.Fleet.Identity;

/// <summary>The owner of a valid token: a device (<see cref="Name"/> is its id) or a hub (its name).</summary>
public sealed record Caller(CallerKind Kind, string Name)
{
    public static Caller Device(string id) => new(CallerKind.Device, id);

    public static Caller Hub(string name) => new(CallerKind.Hub, name);

    /// <summary>Whether this caller may post heartbeats of <paramref name="device"/>.</summary>
    public bool MayPostFor(string device) => Kind == CallerKind.Hub || string.Equals(Name, device, StringComparison.Ordinal);
}
