using System.Globalization;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// A store's migration scripts, embedded from <c>Storage/Schema/KIND/NNNN-what.sql</c> as
/// <c>HeapLedger.Fleet.Schema.KIND.NNNN-what.sql</c>, in order of NNNN. Every store numbers its
/// scripts alike, so a version means the same tables in each.
/// </summary>
internal static class SchemaScripts
{
    public static IReadOnlyList<SchemaScript> Load(string kind)
    {
        var prefix = $"HeapLedger.Fleet.Schema.{kind}.";
        var assembly = typeof(SchemaScripts).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"schema script {resource} is not named NNNN-what.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }
}
