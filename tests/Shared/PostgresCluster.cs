using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HeapLedger.Tests.Shared;

/// <summary>
/// A throw-away PostgreSQL cluster for the tests: <c>initdb</c> in a fresh temporary directory,
/// <c>pg_ctl start</c> on a free loopback port with its unix socket inside that directory, trust
/// authentication (loopback only, this cluster only), and at the end <c>pg_ctl stop</c> and the
/// directory deleted. The Debian binaries are used (/usr/lib/postgresql/N/bin, else initdb on
/// PATH); without them the fixture fails with the install command, never skips. As root (CI),
/// initdb refuses to run, so the cluster runs as the <c>postgres</c> user through <c>runuser</c>,
/// in a directory under /tmp handed to it. One cluster serves a test assembly (the
/// <c>postgres</c> collection); each test takes a database of its own.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public const string Collection = "postgres";

    private const string Superuser = "postgres";

    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private int _databases;

    public PostgresCluster()
    {
        _bin = FindBinaries();
        _asPostgresUser = Environment.UserName == "root";
        Directory = Path.Combine(_asPostgresUser ? "/tmp" : Path.GetTempPath(), $"heapledger-pg-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            if (_asPostgresUser)
            {
                Run("chown", ["postgres:postgres", Directory], asPostgres: false);
            }

            Run(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asPostgres: _asPostgresUser);
            Port = FreePort();
            Run(Path.Combine(_bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"),
                "-o", $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1 -c max_connections=200"], asPostgres: _asPostgresUser);
        }
        catch
        {
            Delete();
            throw;
        }
    }

    public string Directory { get; }

    public int Port { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The connection string of the cluster's <c>postgres</c> database, or of <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"fleet_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing what is still connected to it.</summary>
    public void DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["stop", "-w", "-m", "fast", "-D", DataDirectory], asPostgres: _asPostgresUser);
        }
        finally
        {
            Delete();
        }
    }

    private void Delete()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is not a test failure
        }
    }

    private static string FindBinaries()
    {
        var debian = new DirectoryInfo("/usr/lib/postgresql");
        IEnumerable<DirectoryInfo> versions = debian.Exists
            ? debian.GetDirectories().Where(d => int.TryParse(d.Name, out _)).OrderByDescending(d => int.Parse(d.Name, System.Globalization.CultureInfo.InvariantCulture))
            : [];
        foreach (var version in versions)
        {
            var bin = Path.Combine(version.FullName, "bin");
            if (File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            {
                return bin;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "The PostgreSQL tests need the server binaries initdb and pg_ctl (looked in /usr/lib/postgresql/*/bin and on PATH): " +
            "apt-get install postgresql-15 (test.sh installs it when initdb is missing)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: no answer in 120 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }
    }
}
