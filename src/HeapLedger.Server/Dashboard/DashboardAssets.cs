using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace HeapLedger.Server.Dashboard;

/// <summary>
/// The dashboard's page, script and stylesheet, embedded in this assembly: the service serves
/// them as files, <c>heapledger report</c> inlines them, and neither fetches anything else.
/// </summary>
public static class DashboardAssets
{
    private const string AssetsMarker = "<!--assets-->";

    public static string Page { get; } = Read("dashboard.html");

    public static string Script { get; } = Read("dashboard.js");

    public static string Style { get; } = Read("dashboard.css");

    /// <summary>The page as the service serves it: the script and stylesheet are files of the same origin.</summary>
    public static string ServedPage { get; } = Page.Replace(AssetsMarker,
        "<link rel=\"stylesheet\" href=\"/dashboard.css\">\n<script src=\"/dashboard.js\" defer></script>", StringComparison.Ordinal);

    /// <summary>
    /// The page with everything inline and the data embedded, under a policy that lets the page run
    /// its own script and style (by hash) and request nothing at all.
    /// </summary>
    public static string SelfContainedPage(string dataJson)
    {
        ArgumentNullException.ThrowIfNull(dataJson);
        // "</" inside the JSON could close the script element early; JSON allows the escape.
        var data = dataJson.Replace("</", "<\\/", StringComparison.Ordinal);
        var policy = $"default-src 'none'; script-src '{Hash(Script)}'; style-src '{Hash(Style)}'; img-src data:; base-uri 'none'; form-action 'none'";
        var assets = $"""
            <meta http-equiv="Content-Security-Policy" content="{policy}">
            <style>{Style}</style>
            <script type="application/json" id="heapledger-data">{data}</script>
            <script>{Script}</script>
            """;
        // The script must run after the body exists: it goes at the body's end, the rest in the head.
        var scriptAt = assets.LastIndexOf("<script>", StringComparison.Ordinal);
        var head = assets[..scriptAt];
        var body = assets[scriptAt..];
        return Page.Replace(AssetsMarker, head, StringComparison.Ordinal).Replace("</body>", body + "\n</body>", StringComparison.Ordinal);
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HeapLedger.Server.Dashboard." + name)
            ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
