namespace HeapLedger.Fleet.Identity;

/// <summary>Who holds a token: one device, which may post only its own heartbeats, or a hub (gateway, IoT hub route), which may post for any registered device.</summary>
public enum CallerKind
{
    Device,
    Hub,
}
