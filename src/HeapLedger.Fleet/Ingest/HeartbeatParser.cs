using System.Text.Json;

namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// A heartbeat request's body: one object, a JSON array of objects, or NDJSON (one object per
/// line). Each heartbeat is parsed on its own, so a bad one is rejected with its index and reason
/// and the others go on. The body as a whole is refused only when it cannot be split into
/// heartbeats: not JSON, a JSON syntax error in an array (after which no element boundary can be
/// trusted), nesting beyond <see cref="HeartbeatLimits.MaxBodyDepth"/>, or more than
/// <see cref="HeartbeatLimits.MaxItems"/> heartbeats. In NDJSON a syntax error spoils only its line.
/// </summary>
public static class HeartbeatParser
{
    private const string Expected = "expected a heartbeat object, a JSON array of them, or NDJSON (Content-Type: application/x-ndjson)";

    public static ParsedBody Parse(ReadOnlySpan<byte> body, BodyFormat format, DateTimeOffset now, HeartbeatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var items = new HeartbeatItemParser(limits, now);
        return format == BodyFormat.Ndjson ? Lines(body, items, limits) : Json(body, items, limits);
    }

    private static ParsedBody Json(ReadOnlySpan<byte> body, HeartbeatItemParser items, HeartbeatLimits limits)
    {
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            return ParsedBody.Refused($"the body is empty; {Expected}");
        }

        if (body[start] is not (byte)'{' and not (byte)'[')
        {
            return ParsedBody.Refused($"not JSON: byte {start + 1} is \"{JsonText.Excerpt(body.Slice(start, Math.Min(16, body.Length - start)))}\"; {Expected}");
        }

        var parsed = new List<ParsedItem>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxBodyDepth });
        var complete = false;
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                parsed.Add(Element(ref reader, body, 0, items, limits));
            }
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (parsed.Count == limits.MaxItems)
                    {
                        return ParsedBody.Refused($"more than {limits.MaxItems} heartbeats in one request (HeartbeatLimits.MaxItems); send them in smaller batches", tooLarge: true);
                    }

                    parsed.Add(Element(ref reader, body, parsed.Count, items, limits));
                }
            }

            complete = true;
            reader.Read(); // anything but white space after the value throws
        }
        catch (JsonException e)
        {
            var where = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
            return ParsedBody.Refused(complete
                ? $"more than one JSON value: another starts at {where}; send an array, or one object per line with Content-Type: application/x-ndjson"
                : $"bad JSON at {where}: {JsonText.Reason(e)}; nothing in this request was stored");
        }

        return new ParsedBody(parsed, null);
    }

    /// <summary>The array element (or the one object) the reader is on, as its own item; leaves the reader on its last token.</summary>
    private static ParsedItem Element(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int index, HeartbeatItemParser items, HeartbeatLimits limits)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Item(body[start..end], index, null, items, limits);
    }

    private static ParsedBody Lines(ReadOnlySpan<byte> body, HeartbeatItemParser items, HeartbeatLimits limits)
    {
        var parsed = new List<ParsedItem>();
        var line = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf((byte)'\n');
            var text = (newline < 0 ? body : body[..newline]).Trim(" \t\r"u8);
            body = newline < 0 ? [] : body[(newline + 1)..];
            line++;
            if (text.IsEmpty)
            {
                continue;
            }

            if (parsed.Count == 0 && text[0] != (byte)'{')
            {
                return ParsedBody.Refused($"not NDJSON: line {line} starts with \"{JsonText.Excerpt(text[..Math.Min(16, text.Length)])}\", not '{{'; {Expected}");
            }

            if (parsed.Count == limits.MaxItems)
            {
                return ParsedBody.Refused($"more than {limits.MaxItems} heartbeats in one request (HeartbeatLimits.MaxItems); send them in smaller batches", tooLarge: true);
            }

            parsed.Add(Item(text, parsed.Count, line, items, limits));
        }

        return parsed.Count == 0 ? ParsedBody.Refused($"the body is empty; {Expected}") : new ParsedBody(parsed, null);
    }

    private static ParsedItem Item(ReadOnlySpan<byte> json, int index, int? line, HeartbeatItemParser items, HeartbeatLimits limits)
    {
        if (json.Length > limits.MaxItemBytes)
        {
            return new ParsedItem(index, line, null, $"a heartbeat of {json.Length} bytes is larger than the limit of {limits.MaxItemBytes} (HeartbeatLimits.MaxItemBytes)");
        }

        try
        {
            return new ParsedItem(index, line, items.Parse(json), null);
        }
        catch (ItemRejectedException e)
        {
            return new ParsedItem(index, line, null, e.Message);
        }
    }
}
