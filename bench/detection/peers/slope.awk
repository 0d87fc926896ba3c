# The plainest per-device job on a heap series CSV grouped by device: the least-squares slope of
# used heap (heap_size - free) against time, in bytes per hour, one line per device. Memory is
# one device's running sums. A peer for bench/detection/forecast.sh; times are ISO-8601 UTC.
BEGIN { FS = "," }

NR == 1 {
    for (i = 1; i <= NF; i++) column[$i] = i
    fd = column["device"]; ft = column["time"]; ff = column["free"]; fh = column["heap_size"]
    next
}

{
    if ($fd != device) {
        report()
        device = $fd; first = hours($ft); n = sx = sy = sxx = sxy = 0
    }
    x = hours($ft) - first; y = $fh - $ff
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y
}

END { report() }

function report(   d) {
    if (n < 2) return
    d = n * sxx - sx * sx
    printf "%s,%.3f\n", device, (d > 0 ? (n * sxy - sx * sy) / d : 0)
}

# Hours since 1970 of yyyy-mm-ddThh:mm:ss[.f]Z (days from the civil date, H. Hinnant's algorithm).
function hours(t,   y, m, d, era, yoe, doy, doe) {
    y = substr(t, 1, 4) + 0; m = substr(t, 6, 2) + 0; d = substr(t, 9, 2) + 0
    if (m <= 2) y--
    era = int(y / 400); yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return (era * 146097 + doe - 719468) * 24 + substr(t, 12, 2) + substr(t, 15, 2) / 60 + substr(t, 18) / 3600
}
