using HeapLedger.Detection;
using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Fleet.Tests.Pivot;

public sealed class FleetPivotTests
{
    [Fact]
    public void TheFirmwareOnWeakCoverageRanksFirstWithExactCounts()
    {
        var report = new FleetPivot().Analyze(SyntheticFleet.Build());

        Assert.Equal(SyntheticFleet.Leaking, report.LeakingDevices);
        Assert.Equal(SyntheticFleet.Healthy, report.HealthyDevices);
        Assert.Equal(SyntheticFleet.Undecided, report.ExcludedDevices);
        var top = report.Findings[0];
        Assert.Equal(Conditions("coverage=weak", "firmware=2.3"), Conditions(top));
        Assert.Equal((144, 204, 16, 996), (top.LeakingWith, top.LeakingTotal, top.HealthyWith, top.HealthyTotal));
        Assert.Equal(144.0 / 204, top.Support, 12);
        Assert.Equal(144.0 / 160, top.Precision, 12);
        Assert.Equal(144.0 / 160 / (204.0 / 1200), top.Lift, 12);
        Assert.Equal(144.0 / 160 / (60.0 / 1040), top.RelativeRisk!.Value, 12);
        Assert.True(top.Significant);
        Assert.True(top.PValue < 1e-100, $"p = {top.PValue}");
    }

    [Fact]
    public void EachValueAloneFollowsThePairWithItsOwnCounts()
    {
        var findings = new FleetPivot().Analyze(SyntheticFleet.Build()).Findings;

        var firmware = Single(findings, "firmware=2.3");
        Assert.Equal((164, 204, 236, 996), (firmware.LeakingWith, firmware.LeakingTotal, firmware.HealthyWith, firmware.HealthyTotal));
        var weak = Single(findings, "coverage=weak");
        Assert.Equal((164, 204, 316, 996), (weak.LeakingWith, weak.LeakingTotal, weak.HealthyWith, weak.HealthyTotal));
        Assert.True(firmware.Significant && weak.Significant);
        Assert.True(findings[0].Explained > firmware.Explained && firmware.Explained > weak.Explained);
        Assert.Equal(["coverage=weak AND firmware=2.3", "firmware=2.3", "coverage=weak"], findings.Take(3).Select(static f => f.Description));
    }

    [Fact]
    public void APairThatExplainsNoMoreThanItsValueIsNotReported()
    {
        var findings = new FleetPivot().Analyze(SyntheticFleet.Build()).Findings;

        // firmware=2.3 AND region=north covers a quarter of what firmware=2.3 covers, no better.
        Assert.DoesNotContain(findings, static f => f.Conditions.Count == 2 && f.Conditions.Any(static c => c.Name == "region"));
    }

    [Fact]
    public void AnEvenlySpreadRegionIsNotSignificant()
    {
        var findings = new FleetPivot().Analyze(SyntheticFleet.Build()).Findings;

        Assert.All(findings.Where(static f => f.Conditions.Any(static c => c.Name == "region")), static f => Assert.False(f.Significant, f.Description));
    }

    [Fact]
    public void AFewDevicesThatHappenToLeakAreNotSignificantAfterCorrection()
    {
        // Let three devices be a candidate at all (by default 5% of the leaking devices is the floor).
        var report = new FleetPivot(new PivotOptions { MinSupport = 0 }).Analyze(SyntheticFleet.Build());

        var beta = Single(report.Findings, "beta=yes");
        Assert.Equal((3, 0), (beta.LeakingWith, beta.HealthyWith));
        Assert.True(beta.PValue < 0.05, $"p = {beta.PValue}: chance alone, before correction, looks significant");
        Assert.True(beta.AdjustedPValue > 0.05, $"Holm-adjusted p = {beta.AdjustedPValue} over {report.Tests} tests");
        Assert.False(beta.Significant);
        Assert.True(beta.Explained < report.Findings[0].Explained / 10);
    }

    [Fact]
    public void SignificantFindingsComeBeforeTheRest()
    {
        var findings = new FleetPivot(new PivotOptions { MinSupport = 0 }).Analyze(SyntheticFleet.Build()).Findings;

        var firstInsignificant = findings.ToList().FindIndex(static f => !f.Significant);
        Assert.True(firstInsignificant > 0);
        Assert.All(findings.Skip(firstInsignificant), static f => Assert.False(f.Significant));
    }

    [Fact]
    public void ByDefaultAValueOnThreeLeakingDevicesIsNotEvenACandidate()
    {
        var findings = new FleetPivot().Analyze(SyntheticFleet.Build()).Findings;

        Assert.DoesNotContain(findings, static f => f.Conditions.Any(static c => c.Name == "beta"));
    }

    [Fact]
    public void AFleetWithoutHealthyDevicesHasNothingToContrast()
    {
        var devices = SyntheticFleet.Build().Where(static d => d.Verdict == DeviceVerdict.Leaking).ToList();

        var report = new FleetPivot().Analyze(devices);

        Assert.Empty(report.Findings);
        Assert.Equal(SyntheticFleet.Leaking, report.LeakingDevices);
    }

    [Fact]
    public void ValuesPastTheCapAreLeftOutAndTheAttributeNamed()
    {
        var devices = SyntheticFleet.Build()
            .Select(static (d, i) => d with { Attributes = new Dictionary<string, string>(d.Attributes) { ["serial"] = $"sn-{i}" } })
            .ToList();

        var report = new FleetPivot(new PivotOptions { MaxValuesPerAttribute = 8 }).Analyze(devices);

        Assert.Contains("serial", report.TruncatedAttributes);
        Assert.Equal("coverage=weak AND firmware=2.3", report.Findings[0].Description);
    }

    [Fact]
    public void SitesAreRankedByTheLeakingDevicesTheyLeakOn()
    {
        List<PivotDevice> devices =
        [
            Device("a", DeviceVerdict.Leaking, "modem_rx", "tls_session"),
            Device("b", DeviceVerdict.Leaking, "modem_rx"),
            Device("c", DeviceVerdict.Leaking, "modem_rx", "log_ring"),
            Device("d", DeviceVerdict.Leaking, "tls_session"),
            Device("e", DeviceVerdict.Leaking),
            new PivotDevice("f", DeviceVerdict.Leaking, new Dictionary<string, string>()),
            Device("g", DeviceVerdict.Healthy, "log_ring"),
            Device("h", DeviceVerdict.InsufficientData, "modem_rx"),
        ];

        var report = new FleetPivot().Analyze(devices);

        Assert.Equal(5, report.LeakingDevicesWithLedgers);
        Assert.Equal(
            [new SiteFinding("modem_rx", 3, 0.6, 0), new SiteFinding("tls_session", 2, 0.4, 0), new SiteFinding("log_ring", 1, 0.2, 1)],
            report.Sites);
    }

    private static PivotDevice Device(string name, DeviceVerdict verdict, params string[] leakingSites) =>
        new(name, verdict, new Dictionary<string, string>(), leakingSites);

    private static PivotFinding Single(IEnumerable<PivotFinding> findings, string description) =>
        Assert.Single(findings, f => f.Description == description);

    private static string[] Conditions(params string[] conditions) => [.. conditions.Order(StringComparer.Ordinal)];

    private static string[] Conditions(PivotFinding finding) => Conditions([.. finding.Conditions.Select(static c => c.ToString())]);
}
