using System.Net.Http.Headers;
using System.Text.Json;
using HeapLedger.Core;
using HeapLedger.Fleet;
using HeapLedger.Fleet.Simulation;

namespace HeapLedger.Cli.Simulate;

/// <summary>
/// Posts a simulated fleet to a running service as a hub: NDJSON batches in time order, a few
/// requests at once. Counts what the service answered; a refused request (not 200) stops the run.
/// </summary>
internal sealed class HttpHeartbeatSender(Uri service, string hubToken, int batchSize, int concurrency)
{
    public async Task<SendCounts> SendAsync(SimulatedFleet fleet, IProgress<long> progress, CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromMinutes(2) };
        long sent = 0, accepted = 0, duplicate = 0, rejected = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel };
        await Parallel.ForEachAsync(fleet.InTimeOrder().Chunk(batchSize), parallel, async (batch, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/heartbeats") { Content = new ByteArrayContent(HeartbeatJson.Ndjson(batch)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", hubToken);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, token).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new HeapLedgerException($"{service}: {e.Message}", e);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HeapLedgerException($"{service}api/v1/heartbeats answered {(int)response.StatusCode}: {Truncate(body)}");
                }

                using var reply = JsonDocument.Parse(body);
                Interlocked.Add(ref accepted, reply.RootElement.GetProperty("accepted").GetInt32());
                Interlocked.Add(ref duplicate, reply.RootElement.GetProperty("duplicate").GetInt32());
                Interlocked.Add(ref rejected, reply.RootElement.GetProperty("rejected").GetInt32());
            }

            progress.Report(Interlocked.Add(ref sent, batch.Length));
        }).ConfigureAwait(false);
        return new SendCounts(sent, accepted, duplicate, rejected);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
