"""The plainest per-device job on a heap series CSV grouped by device, in Python's standard
library (csv, datetime): the least-squares slope of used heap (heap_size - free) against time, in
bytes per hour, one line per device. Memory is one device's running sums. A peer for
bench/detection/forecast.sh."""
import csv
import sys
from datetime import datetime


def main(path):
    out = sys.stdout
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        fd, ft, ff, fh = (header.index(name) for name in ("device", "time", "free", "heap_size"))
        device, first, n, sx, sy, sxx, sxy = None, 0.0, 0, 0.0, 0.0, 0.0, 0.0
        for row in rows:
            t = datetime.fromisoformat(row[ft]).timestamp() / 3600
            if row[fd] != device:
                report(out, device, n, sx, sy, sxx, sxy)
                device, first, n, sx, sy, sxx, sxy = row[fd], t, 0, 0.0, 0.0, 0.0, 0.0
            x = t - first
            y = int(row[fh]) - int(row[ff])
            n += 1
            sx += x
            sy += y
            sxx += x * x
            sxy += x * y
        report(out, device, n, sx, sy, sxx, sxy)


def report(out, device, n, sx, sy, sxx, sxy):
    if n < 2:
        return
    d = n * sxx - sx * sx
    out.write(f"{device},{(n * sxy - sx * sy) / d if d > 0 else 0:.3f}\n")


if __name__ == "__main__":
    main(sys.argv[1])
