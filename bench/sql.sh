#!/usr/bin/env bash
# eligo sql benchmark (bench/README.md, "SQL over OMOP", issue 20): the same population screened by `eligo batch`
# from NDJSON, by DuckDB from the same NDJSON (the subset query of bench/batch.sh), and by `eligo sql`'s script on
# PostgreSQL from OMOP CDM tables, on one node (parallel workers) and sharded by person over two workers
# (postgres_fdw, docs/scale.md), all in one run; checks that the SQL and batch verdicts agree.
#
#   bash bench/sql.sh [N]        N patients (default 100000), seed 1
#
# Needs PostgreSQL (scripts/install-deps.sh --test) and nodejs with bench/peers' npm packages for DuckDB.
# The PostgreSQL servers are throwaway clusters under /tmp, on a socket and loopback ports, run as the `postgres`
# account when run as root; all three servers share this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
N=${1:-100000}
CORES=$(nproc)
OUT=bench/out
DAY=2026-06-15  # the population's screening date
mkdir -p "$OUT"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "bench/sql.sh: PostgreSQL is missing: run scripts/install-deps.sh --test" >&2; exit 1; }

echo "building Release eligo..." >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$CORES" --target eligo >/dev/null
ELIGO=$src/build-bench/eligo
(cd bench/peers && npm ci --no-audit --no-fund --silent >/dev/null)

POP=$OUT/population-$N-seed1.ndjson
[ -s "$POP" ] || $ELIGO synth --population "$N" --seed 1 --out "$POP"
OMOP=$src/$OUT/omop-$N
rm -rf "$OMOP"
$ELIGO synth --population "$N" --seed 1 --format omop --out "$OMOP" 2>/dev/null
$ELIGO sql --trials rules --date $DAY --complete-history --out "$OMOP/all.sql" 2>/dev/null
$ELIGO sql bench/peers/NCT03838796-subset.trial --date $DAY --complete-history --out "$OMOP/subset.sql" 2>/dev/null

ROWS=$OUT/sql-table.tsv
: >"$ROWS"
measure() {  # LABEL VERDICTS_PER_PATIENT -- command... (wall time; a shell function may be the command)
  local label=$1 per=$2 start end secs
  shift 3
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  printf '%s\t%s\t%s\n' "$label" "$secs" "$per" >>"$ROWS"
  echo "  $label: ${secs}s" >&2
}

# The servers (tests/omop_shard.sh starts the sharded three; the one-node server is started here the same way).
cluster=$(mktemp -d /tmp/eligo-pgbench.XXXXXX)
work=$OUT
as_user=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$cluster"; as_user=(runuser -u postgres --); fi
source tests/omop_shard.sh
trap 'shard_stop; rm -rf "$cluster"' EXIT
settings="-c max_parallel_workers_per_gather=$CORES -c max_parallel_workers=$CORES -c shared_buffers=1GB -c work_mem=256MB -c jit=off"
"${as_user[@]}" "$pgbin/initdb" -D "$cluster/single" -A trust -U eligo --no-sync >/dev/null
"${as_user[@]}" "$pgbin/pg_ctl" -D "$cluster/single" -l "$cluster/single.log" -w -o "-k $cluster -c listen_addresses='' -c fsync=off $settings" start >/dev/null
shard_dirs+=("$cluster/single")
single() { (cd "$OMOP" && PGOPTIONS='-c client_min_messages=warning' psql -h "$cluster" -U eligo -d postgres -X -q -v ON_ERROR_STOP=1 "$@"); }

ALL=$(find rules -name '*.trial' | wc -l)
echo "eligo batch ($N patients)..." >&2
measure "eligo batch, all $ALL trials, $CORES threads (rows to a file)" "$ALL" -- $ELIGO batch "$POP" --trials rules --date $DAY --threads "$CORES" --no-progress --out "$OMOP/batch.ndjson" 2>"$OUT/sql-bench-batch.log"
measure "eligo batch, NCT03838796 subset, $CORES threads" 1 -- $ELIGO batch "$POP" --trials bench/peers/NCT03838796-subset.trial --date $DAY --threads "$CORES" --no-progress --out "$OMOP/batch-subset.ndjson" 2>>"$OUT/sql-bench-batch.log"
DUCKDB_VERSION=$(node -p "require('./bench/peers/node_modules/@duckdb/node-api/package.json').version")
measure "DuckDB $DUCKDB_VERSION, NCT03838796 subset, $CORES threads (NDJSON)" 1 -- node bench/peers/duckdb_peer.js "$POP" "$CORES" "$OUT/duckdb-sql-bench.csv"

echo "PostgreSQL, one node..." >&2
measure "PostgreSQL: load the OMOP tables (load.sql)" 0 -- single -f load.sql
measure "PostgreSQL, one node: eligo sql, all $ALL trials" "$ALL" -- single -f all.sql
measure "PostgreSQL, one node: eligo sql, NCT03838796 subset" 1 -- single -f subset.sql
single -f all.sql  # the subset script replaced eligo_verdict: the parity is of all trials
parity=$(single -At -v day=$DAY -f "$src/tests/omop_parity.sql" | head -1)
echo "  parity with eligo batch: $parity" >&2

echo "PostgreSQL, sharded over two workers (postgres_fdw)..." >&2
measure "PostgreSQL sharded: load through the coordinator" 0 -- shard_setup "$OMOP"
shard() { shard_psql "$shard_coordinator" "$OMOP" "$@"; }
shard -c "ALTER SYSTEM SET max_parallel_workers_per_gather = $CORES" -c "SELECT pg_reload_conf()" >/dev/null
measure "PostgreSQL sharded (coordinator + 2 workers, one machine): eligo sql, all $ALL trials" "$ALL" -- shard -f all.sql
sharded=$(shard -At -v day=$DAY -f "$src/tests/omop_parity.sql" | head -1)
echo "  sharded parity with eligo batch: $sharded" >&2

echo
echo "Population: $N patients (seed 1). Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $CORES cores. PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}')."
echo "Parity (criteria eligo sql expresses, and verdicts of the trials it expresses whole): one node: $parity; sharded: $sharded"
echo
awk -F'\t' -v n="$N" '
  BEGIN { printf "| measurement | seconds | patients/s | verdicts/s |\n|---|---|---|---|\n" }
  { v = $3 > 0 ? sprintf("%.0f", n * $3 / $2) : "-"; printf "| %s | %.2f | %.0f | %s |\n", $1, $2, n / $2, v }' "$ROWS"
