using HeapLedger.Cli.Commands;
using HeapLedger.Core;
using HeapLedger.Core.Reports;

namespace HeapLedger.Cli.Reports;

/// <summary>Writes a report in the chosen format to stdout or to the --output file.</summary>
public static class ReportOutput
{
    public static void Write(AnalysisReport report, ReportSettings settings, CliConsole console)
    {
        if (settings.Output is null)
        {
            WriteTo(report, settings.Format, console.Out);
            console.Out.Flush();
            return;
        }

        try
        {
            using var file = new StreamWriter(settings.Output, append: false, new System.Text.UTF8Encoding(false));
            WriteTo(report, settings.Format, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapLedgerException($"{settings.Output}: cannot write the report: {e.Message}");
        }
    }

    private static void WriteTo(AnalysisReport report, string format, TextWriter writer)
    {
        switch (format)
        {
            case "json":
                JsonReportWriter.Write(report, writer);
                break;
            case "html":
                HtmlReportWriter.Write(report, writer);
                break;
            default:
                TextReportWriter.Write(report, writer);
                break;
        }
    }
}
