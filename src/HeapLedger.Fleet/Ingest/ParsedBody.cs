namespace HeapLedger.Fleet.Ingest;

/// <summary>A request body's heartbeats, each accepted by the parser or not; or, when the body as a whole is unusable, <see cref="Error"/>.</summary>
public sealed record ParsedBody(IReadOnlyList<ParsedItem> Items, BodyError? Error)
{
    public static ParsedBody Refused(string message, bool tooLarge = false) => new([], new BodyError(tooLarge, message));
}
