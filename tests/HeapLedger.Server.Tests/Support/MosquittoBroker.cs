using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace HeapLedger.Server.Tests.Support;

/// <summary>
/// A real mosquitto broker on a free loopback port, anonymous, without persistence, from a
/// mosquitto.conf in a temporary directory; stopped when the tests of the class are done. A
/// machine without mosquitto fails the tests that need it, with the reason (test.sh installs it).
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _directory;

    public MosquittoBroker()
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "mosquitto is not installed: the MQTT tests need a real broker (Debian: apt-get install mosquitto; test.sh installs it when missing)");
        _directory = TempDirectory.Create("heapledger-mosquitto");
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var config = Path.Combine(_directory, "mosquitto.conf");
            File.WriteAllText(config, $"""
                listener {Port} 127.0.0.1
                allow_anonymous true
                persistence false
                max_queued_messages 10000
                log_dest stderr
                log_type error
                log_type warning

                """);
            var start = new ProcessStartInfo(executable, ["-c", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (WaitForListener())
            {
                return;
            }

            Stop();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{Port}:\n{Log}");
            }
        }
    }

    public int Port { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Publishes at QoS 1 and returns once the broker has acknowledged it.</summary>
    public async Task PublishAsync(string topic, string payload, string? authorization = null, string? contentType = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"test-publisher-{Guid.NewGuid():N}").Build());
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (authorization is not null)
        {
            message.WithUserProperty("authorization", new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(authorization)));
        }

        if (contentType is not null)
        {
            message.WithContentType(contentType);
        }

        var result = await client.PublishAsync(message.Build());
        Assert.True(result.IsSuccess, $"publish to {topic}: {result.ReasonCode}");
        await client.DisconnectAsync();
    }

    /// <summary>Publishes each at QoS 1 in order on one connection, each once the broker acknowledged the one before.</summary>
    public async Task PublishManyAsync(IEnumerable<(string Topic, string Payload)> messages)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"test-publisher-{Guid.NewGuid():N}").Build());
        foreach (var (topic, payload) in messages)
        {
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, $"publish to {topic}: {result.ReasonCode}");
        }

        await client.DisconnectAsync();
    }

    public void Dispose()
    {
        Stop();
        TempDirectory.Delete(_directory);
    }

    private void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private bool WaitForListener()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, "mosquitto"))
            .FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
