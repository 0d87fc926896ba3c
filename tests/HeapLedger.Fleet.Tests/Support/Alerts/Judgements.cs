using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;

namespace HeapLedger.Fleet.Tests.Support.Alerts;

/// <summary>Judgements of one device hour by hour, in one line each.</summary>
internal static class Judgements
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, string> Attributes =
        new Dictionary<string, string> { ["firmware"] = "2.3", ["coverage"] = "weak" };

    public static readonly AlertRule AnyLeak = new("any-leak", new Uri("http://127.0.0.1:9/any"));

    public static readonly AlertRule Within14Days = new("exhaustion-14d", new Uri("http://127.0.0.1:9/soon"), 14);

    public static DateTimeOffset Hour(double hour) => Start.AddHours(hour);

    /// <summary>Leaking at <paramref name="hour"/>, running out <paramref name="daysLeft"/> days later.</summary>
    public static DeviceJudgement Leaking(string device, double hour, double daysLeft = 10)
    {
        var at = Hour(hour);
        var forecast = new DeviceForecast(
            device, DeviceVerdict.Leaking, 812.5, 700, 900, Start.AddHours(-72), at.AddDays(daysLeft), at.AddDays(daysLeft * 0.8), at.AddDays(daysLeft * 1.3), 200, "free", 0.999);
        return new DeviceJudgement(forecast, at, Attributes);
    }

    public static DeviceJudgement Healthy(string device, double hour) =>
        new(new DeviceForecast(device, DeviceVerdict.Healthy, 3, -5, 10, null, null, null, null, 200, null, 0.4), Hour(hour), Attributes);

    public static DeviceJudgement Undecided(string device, double hour) =>
        new(new DeviceForecast(device, DeviceVerdict.InsufficientData, null, null, null, null, null, null, null, 3, null, 0), Hour(hour), Attributes);
}
