using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace HeapLedger.Fleet.Tests.Support.Alerts;

/// <summary>
/// A real HTTP receiver on loopback (HttpListener: the test project has no ASP.NET Core). Answers
/// the n-th request (from 1) as <see cref="Respond"/> says, 200 by default, and keeps each body
/// with its arrival order and time.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener;
    private readonly Task loop;
    private readonly ConcurrentQueue<ReceivedRequest> requests = new();
    private int count;

    public WebhookReceiver()
    {
        // HttpListener cannot take port 0: take a free port from the system, and try again if another test wins it first.
        for (var tries = 0; ; tries++)
        {
            var port = FreePort();
            listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                Url = new Uri($"http://127.0.0.1:{port}/hook");
                break;
            }
            catch (HttpListenerException) when (tries < 5)
            {
                listener.Close();
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Request number (from 1) → status, Retry-After header value (or null), delay before answering.</summary>
    public Func<int, (int Status, string? RetryAfter, TimeSpan Delay)> Respond { get; set; } = static _ => (200, null, TimeSpan.Zero);

    public IReadOnlyList<ReceivedRequest> Requests => [.. requests.OrderBy(static r => r.Number)];

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int expected)
    {
        var watch = Stopwatch.StartNew();
        while (Volatile.Read(ref count) < expected && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(10);
        }

        return Requests;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's pending GetContext fails when it is closed.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var number = Interlocked.Increment(ref count);
        var (status, retryAfter, delay) = Respond(number);
        requests.Enqueue(new ReceivedRequest(number, Stopwatch.GetTimestamp(), context.Request.ContentType, JsonDocument.Parse(body).RootElement.Clone()));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.AddHeader("Retry-After", retryAfter);
        }

        try
        {
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The client gave up waiting (the timeout test): nothing to answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

internal sealed record ReceivedRequest(int Number, long Timestamp, string? ContentType, JsonElement Body)
{
    public string Text(string name) => Body.GetProperty(name).GetString()!;
}
