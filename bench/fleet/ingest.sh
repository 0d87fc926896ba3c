#!/usr/bin/env bash
# Fleet ingest benchmark: HTTP ingest on loopback (batches of 100, sustained) into SQLite and into
# PostgreSQL, then the detection job over 10,000 devices x 90 days in each store.
#
#   bench/fleet/ingest.sh [ingest|job|all]      (default all)
#   BENCH_SECONDS=60 BENCH_CLIENTS=32 BENCH_DEVICES=10000 BENCH_BATCH=100 BENCH_STORES="sqlite postgres"
#
# Ingest: a Release `heapledger serve` on 127.0.0.1, the client (bench/fleet/LoadGenerator) posting
# as a hub from BENCH_CLIENTS connections for BENCH_SECONDS; reports heartbeats/s and p50/p99
# request latency, then reads the store back (count and checksum of everything acknowledged, no
# key twice) and times the raw floor on the same rows: sqlite3 .import, psql \copy. CPU seconds
# of client, service and PostgreSQL are taken around the run to show where the time goes.
# Job: loads `heapledger eval --write` output through the store's AppendAsync, runs the job once.
# PostgreSQL is a throw-away cluster (initdb in a temp dir, loopback, trust), stopped after;
# as root it runs as the postgres user. Output and data are in bench/out/fleet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
what="${1:-all}"
seconds="${BENCH_SECONDS:-60}"
clients="${BENCH_CLIENTS:-32}"
devices="${BENCH_DEVICES:-10000}"
batch="${BENCH_BATCH:-100}"
stores="${BENCH_STORES:-sqlite postgres}"
out="$root/bench/out/fleet"
mkdir -p "$out"

pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pgbin/initdb" ] || { echo "bench: PostgreSQL server binaries missing (apt-get install -y postgresql)" >&2; exit 2; }
for tool in sqlite3 psql python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y sqlite3 postgresql-client python3)" >&2; exit 2; }
done

echo "building (Release)..." >&2
dotnet build -c Release "$root/src/HeapLedger.Cli" -nologo -v quiet >/dev/null
dotnet build -c Release "$here/LoadGenerator" -nologo -v quiet >/dev/null
heapledger="$root/src/HeapLedger.Cli/bin/Release/net10.0/heapledger"
gen=(dotnet "$here/LoadGenerator/bin/Release/net10.0/fleet-bench.dll")

# --- the throw-away PostgreSQL cluster -------------------------------------------------------
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgdir="$(mktemp -d /tmp/heapledger-bench-pg.XXXXXX)"
chmod 755 "$pgdir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
  as_pg "$pgbin/pg_ctl" stop -m fast -D "$pgdir/data" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
# Durability as in production (fsync on; the store forces synchronous_commit=on); memory and
# checkpoint spacing so that a 60 s run does not measure a checkpoint storm.
as_pg "$pgbin/pg_ctl" start -w -D "$pgdir/data" -l "$pgdir/server.log" \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min" >/dev/null
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
pg_store() { echo "postgres:Host=127.0.0.1;Port=$port;Username=postgres;Database=$1"; }
# CPU seconds the whole machine spent busy (user, nice, system, irq, softirq) since boot, and
# those of the cluster's processes (live ones, and the postmaster's reaped children).
busy_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat; }
pg_cpu() {
  local pid
  for pid in $({ pgrep -u postgres -f "$pgdir"; pgrep -P "$(head -n 1 "$pgdir/data/postmaster.pid")"; } | sort -u); do
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null
  done | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { print s / hz }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }'), SQLite $(sqlite3 --version | cut -d' ' -f1)"

# --- ingest ----------------------------------------------------------------------------------
ingest() { # name store
  local name="$1" store="$2"
  "${gen[@]}" setup --store "$store" --devices "$devices" >"$out/$name.token"
  rm -f "$out/$name.serve.out" # a line left by the last run must not pass for this one's
  /usr/bin/time -f "%U %S" -o "$out/$name.serve.cpu" "$heapledger" serve --store "$store" --urls http://127.0.0.1:0 --detection-interval 0 \
    >"$out/$name.serve.out" 2>"$out/$name.serve.err" &
  local pid=$!
  for _ in $(seq 1200); do grep -q "listening on" "$out/$name.serve.out" && break; sleep 0.1; done
  local url
  url="$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$out/$name.serve.out")"
  [ -n "$url" ] || { echo "bench: serve did not start:" >&2; cat "$out/$name.serve.err" >&2; exit 1; }
  local busy_before; busy_before="$(busy_cpu)"
  local pg_before; pg_before="$(pg_cpu)"
  /usr/bin/time -f "%U %S" -o "$out/$name.client.cpu" "${gen[@]}" load --url "$url" --token "$(cat "$out/$name.token")" \
    --devices "$devices" --seconds "$seconds" --batch "$batch" --clients "$clients" --result "$out/$name.result" --csv "$out/$name.acked.csv"
  local busy_after; busy_after="$(busy_cpu)"
  local pg_after; pg_after="$(pg_cpu)"
  kill -TERM "$(pgrep -P "$pid")" 2>/dev/null || kill -TERM "$pid"
  wait "$pid" || true
  "${gen[@]}" verify --store "$store" --result "$out/$name.result"
  # The service's CPU is counted from its start to its stop (start-up and set-up are a second or
  # two); "other" is the machine's busy time that none of the three used: kernel threads, and any
  # other work on a shared machine.
  awk -v c="$(awk '{ print $1 + $2 }' "$out/$name.client.cpu")" -v s="$(awk '{ print $1 + $2 }' "$out/$name.serve.cpu")" \
      -v p="$(awk -v a="$pg_after" -v b="$pg_before" 'BEGIN { print a - b }')" \
      -v b="$busy_before" -v a="$busy_after" -v avail="$((seconds * $(nproc)))" \
    'BEGIN { printf "cpu s during the run: machine busy %.1f of %d; client %.1f, service %.1f, postgres %.1f, other %.1f\n", a - b, avail, c, s, p, a - b - c - s - p }'
}

floor_sqlite() { # the same rows, sqlite3's .import into the same table (one transaction)
  rm -f "$out/floor.db"
  sed -n '/^CREATE TABLE heartbeats/,/WITHOUT ROWID;/p' "$root/src/HeapLedger.Fleet/Storage/Schema/Sqlite/0001-initial.sql" | sqlite3 "$out/floor.db"
  local rows; rows=$(wc -l <"$out/sqlite.acked.csv")
  local t0; t0=$(date +%s.%N)
  sqlite3 "$out/floor.db" "PRAGMA journal_mode=WAL;" "PRAGMA synchronous=FULL;" ".import --csv $out/sqlite.acked.csv heartbeats" >/dev/null
  local t1; t1=$(date +%s.%N)
  awk -v n="$rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "floor: sqlite3 .import of the same %d rows: %.1f s, %.0f rows/s\n", n, b - a, n / (b - a) }'
}

floor_postgres() { # the same rows, psql \copy into a table like heartbeats (same key)
  psql_ -d ingest -c "DROP TABLE IF EXISTS floor; CREATE TABLE floor (LIKE heartbeats INCLUDING ALL)"
  local rows; rows=$(wc -l <"$out/postgres.acked.csv")
  local t0; t0=$(date +%s.%N)
  psql_ -d ingest -c "\\copy floor FROM '$out/postgres.acked.csv' WITH (FORMAT csv)"
  local t1; t1=$(date +%s.%N)
  awk -v n="$rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "floor: psql \\copy of the same %d rows: %.1f s, %.0f rows/s\n", n, b - a, n / (b - a) }'
}

if [ "$what" = all ] || [ "$what" = ingest ]; then
  for store in $stores; do
    echo "== ingest into $store: $devices devices, batches of $batch, $clients clients, $seconds s"
    if [ "$store" = sqlite ]; then
      rm -f "$out/ingest.db" "$out/ingest.db-wal" "$out/ingest.db-shm"
      ingest sqlite "sqlite:$out/ingest.db"
      floor_sqlite
    else
      psql_ -c "DROP DATABASE IF EXISTS ingest" -c "CREATE DATABASE ingest"
      ingest postgres "$(pg_store ingest)"
      floor_postgres
    fi
  done
fi

# --- the detection job -----------------------------------------------------------------------
if [ "$what" = all ] || [ "$what" = job ]; then
  fleet="$out/fleet-10000x90.csv"
  [ -f "$fleet" ] || "$heapledger" eval --write "$fleet" --devices 10000 --days 90 >&2
  for store in $stores; do
    echo "== detection job over 10,000 devices x 90 days in $store"
    if [ "$store" = sqlite ]; then
      rm -f "$out/job.db" "$out/job.db-wal" "$out/job.db-shm"
      "${gen[@]}" job --store "sqlite:$out/job.db" --csv "$fleet"
    else
      psql_ -c "DROP DATABASE IF EXISTS job" -c "CREATE DATABASE job"
      "${gen[@]}" job --store "$(pg_store job)" --csv "$fleet"
    fi
  done
fi
