using HeapLedger.Detection;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// One verdict on one device, as the detection job makes it: the forecast, the time of the last
/// heartbeat it rests on (rules and the quiet time before "resolved" are measured in this time,
/// not the clock's, so a job that catches up after a pause judges as it would have live), and the
/// device's attributes for the payload.
/// </summary>
public sealed record DeviceJudgement(DeviceForecast Forecast, DateTimeOffset AsOf, IReadOnlyDictionary<string, string> Attributes)
{
    public string Device => Forecast.Device;

    public static DeviceJudgement From(DeviceSeries series, DeviceForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecast);
        if (series.Points.Count == 0)
        {
            throw new ArgumentException($"device {series.Device} has no heartbeat to judge", nameof(series));
        }

        return new DeviceJudgement(forecast, series.Points[^1].Time, series.Attributes);
    }
}
