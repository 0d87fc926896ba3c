using System.Globalization;
using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Cli.Demo;

/// <summary>The demo's outcome told as a few sentences with numbers, the service's findings beside the simulation's truth.</summary>
internal static class DemoStory
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, DemoOutcome outcome)
    {
        var fleet = outcome.Fleet;
        var start = FieldFleetOptions.WindowStart;
        var truth = fleet.Devices.Select(static d => d.Truth).ToList();
        var leaking = truth.Where(static t => t.Leaking).Select(static t => t.Device).ToHashSet(StringComparer.Ordinal);
        var silent = truth.Where(static t => t.ExhaustsWithinWindow).OrderBy(static t => t.Exhaustion).ToList();
        double Day(DateTimeOffset at) => (at - start).TotalDays;
        static string Devices(long n) => string.Create(Inv, $"{n:N0} {(n == 1 ? "device" : "devices")}");

        output.WriteLine(string.Create(Inv,
            $"heapledger demo: {fleet.Devices.Count:N0} devices, {fleet.Options.Days} days of hourly heartbeats from {start:yyyy-MM-dd} (seed {fleet.Options.Seed}), replayed day by day into the service's SQLite store and judged at each day's end."));
        var falseAlarms = outcome.FirstFlagged.Keys.Count(d => !leaking.Contains(d));
        output.WriteLine(string.Create(Inv,
            $"  leaking: the service judges {Devices(outcome.LeakingAtEnd)} leaking (the truth: {leaking.Count:N0} leak; {falseAlarms:N0} healthy {(falseAlarms == 1 ? "device was" : "devices were")} ever flagged)."));
        output.WriteLine(silent.Count == 0
            ? string.Create(Inv, $"  gone silent: no device ran out of heap within the {fleet.Options.Days} days.")
            : string.Create(Inv, $"  gone silent: {Devices(silent.Count)} ran out of heap and stopped sending; the first, {silent[0].Device}, at {silent[0].Exhaustion:yyyy-MM-dd HH:mm} UTC (day {Day(silent[0].Exhaustion!.Value):0.0})."));

        var flaggedLeaks = outcome.FirstFlagged.Where(f => leaking.Contains(f.Key)).OrderBy(static f => f.Value).ThenBy(static f => f.Key, StringComparer.Ordinal).ToList();
        if (flaggedLeaks.Count == 0)
        {
            output.WriteLine("  first alert: the service flagged no leaking device.");
        }
        else
        {
            var (first, at) = (flaggedLeaks[0].Key, flaggedLeaks[0].Value);
            var alert = string.Create(Inv, $"  first alert: the service flagged the first leaking device, {first}, on day {Day(at):0.#} ({at:yyyy-MM-dd})");
            if (silent.Count == 0)
            {
                output.WriteLine(alert + ".");
            }
            else
            {
                var lead = Day(silent[0].Exhaustion!.Value) - Day(at);
                var ofSilent = outcome.FirstFlagged.TryGetValue(silent[0].Device, out var silentFlag)
                    ? string.Create(Inv, $"; it flagged {silent[0].Device} itself on day {Day(silentFlag):0.#}, {Day(silent[0].Exhaustion!.Value) - Day(silentFlag):0.0} days before it went silent")
                    : string.Create(Inv, $"; it never flagged {silent[0].Device} before it went silent");
                output.WriteLine(alert + string.Create(Inv,
                    $", {Math.Abs(lead):0.0} days {(lead >= 0 ? "before" : "after")} the first device went silent (day {Day(silent[0].Exhaustion!.Value):0.0}){ofSilent}."));
            }
        }

        if (outcome.AtRisk.Count > 0)
        {
            var silentAt = silent.ToDictionary(static t => t.Device, static t => t.Exhaustion!.Value, StringComparer.Ordinal);
            var forecasts = outcome.AtRisk.Select(d =>
            {
                var forecast = d.Judgement?.Forecast.ExhaustionAt is { } when ? string.Create(Inv, $"{when:yyyy-MM-dd HH:mm}") : "no date";
                var actual = silentAt.TryGetValue(d.Device, out var went) ? string.Create(Inv, $" (went silent {went:yyyy-MM-dd HH:mm})") : string.Empty;
                return $"{d.Device} on {forecast}{actual}";
            });
            output.WriteLine($"  forecast to fail first: {string.Join("; ", forecasts)}.");
        }

        var finding = outcome.Pivot.Findings.FirstOrDefault(static f => f.Significant);
        output.WriteLine(finding is null
            ? "  what they share: nothing significant."
            : string.Create(Inv,
                $"  what they share: {finding.Description} ({finding.LeakingWith:N0} of {finding.LeakingTotal:N0} leaking, {finding.HealthyWith:N0} of {finding.HealthyTotal:N0} healthy, p={finding.AdjustedPValue:0.#e0})."));
        output.WriteLine($"  report: {outcome.ReportPath} (the dashboard as one HTML file; the store: {outcome.StorePath})");
        output.WriteLine(string.Create(Inv, $"  done in {outcome.Elapsed.TotalSeconds:0} s."));
    }
}
