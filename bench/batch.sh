#!/usr/bin/env bash
# Population screening benchmark (bench/README.md, "Batch"): generates the population with a
# fixed seed, runs every measurement in one go, checks the peers' verdicts against Eligo's,
# and prints one table.
#
#   bash bench/batch.sh [N]        N patients (default 1000000), seed 1
#
# Needs, besides the build dependencies: sqlite3, nodejs and npm (json-rules-engine and
# DuckDB's node API come from the npm registry into bench/peers/node_modules, pinned by
# package-lock.json), and GNU time. Run as root, it installs the Debian packages that are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=1
CORES=$(nproc)
OUT=bench/out
mkdir -p "$OUT"

missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bench/batch.sh: install ${missing[*]} first" >&2
    exit 1
  fi
fi

echo "building Release eligo..." >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$CORES" --target eligo >/dev/null
ELIGO=./build-bench/eligo
# The parse-only baseline: simdjson parses every record and touches every field, nothing else.
g++ -O3 -DNDEBUG -std=c++20 bench/parse_only.cpp -lsimdjson -pthread -o build-bench/parse_only
(cd bench/peers && npm ci --no-audit --no-fund --silent >/dev/null)

POP=$OUT/population-$N-seed$SEED.ndjson
if [ ! -s "$POP" ]; then
  echo "generating $N patients (seed $SEED)..." >&2
  $ELIGO synth --population "$N" --seed "$SEED" --out "$POP"
fi
BYTES=$(stat -c %s "$POP")

ROWS=$OUT/table.tsv
: >"$ROWS"
# measure LABEL THREADS VERDICTS_PER_PATIENT -- command...: wall time and peak RSS by GNU time.
measure() {
  local label=$1 threads=$2 per=$3
  shift 4
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@"
  read -r secs rss <"$OUT/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$threads" "$secs" "$rss" "$per" >>"$ROWS"
  echo "  $label, $threads thread(s): ${secs}s, peak RSS $((rss / 1024)) MB" >&2
}

SUBSET=bench/peers/NCT03838796-subset.trial
ALL_TRIALS=$(find rules -name '*.trial' | wc -l)
echo "eligo batch..." >&2
for t in 1 "$CORES"; do
  measure "eligo batch, all $ALL_TRIALS trials (rows to /dev/null)" "$t" "$ALL_TRIALS" -- \
    sh -c "$ELIGO batch $POP --trials rules --threads $t --no-progress >/dev/null 2>$OUT/eligo-all-$t.log"
  measure "eligo batch, NCT03838796" "$t" 1 -- \
    $ELIGO batch "$POP" --trials rules/NCT03838796.trial --threads "$t" --no-progress --out "$OUT/eligo-nct.ndjson"
  measure "eligo batch, NCT03838796 lab-and-score subset" "$t" 1 -- \
    $ELIGO batch "$POP" --trials "$SUBSET" --threads "$t" --no-progress --out "$OUT/eligo-subset-$t.ndjson"
  # The same with the tree evaluator alone (--reference): what the compiled path buys (docs/batch.md).
  measure "eligo batch --reference (tree evaluator), subset" "$t" 1 -- \
    $ELIGO batch "$POP" --trials "$SUBSET" --threads "$t" --no-progress --reference --out "$OUT/eligo-subset-reference-$t.ndjson"
done
cmp "$OUT/eligo-subset-1.ndjson" "$OUT/eligo-subset-$CORES.ndjson" >/dev/null && echo "  1 and $CORES threads: identical rows" >&2
cmp "$OUT/eligo-subset-1.ndjson" "$OUT/eligo-subset-reference-1.ndjson" >/dev/null && echo "  compiled path and tree evaluator: identical rows" >&2
grep -h "^compiled path" "$OUT"/eligo-all-*.log | head -1 >&2 || true

echo "parse-only baseline (simdjson)..." >&2
for t in 1 "$CORES"; do
  measure "parse only: simdjson parses every record, touches every field" "$t" 0 -- \
    sh -c "./build-bench/parse_only $POP $t >$OUT/parse-only-$t.txt"
done

DUCKDB_VERSION=$(node -p "require('./bench/peers/node_modules/@duckdb/node-api/package.json').version")
echo "DuckDB $DUCKDB_VERSION..." >&2
for t in 1 "$CORES"; do
  measure "DuckDB $DUCKDB_VERSION (node API, read_ndjson, one query; subset)" "$t" 1 -- \
    node bench/peers/duckdb_peer.js "$POP" "$t" "$OUT/duckdb-$t.csv"
done

echo "SQLite $(sqlite3 --version | cut -d' ' -f1)..." >&2
rm -f "$OUT/peer.db"
printf '.mode ascii\n.separator "\\037" "\\n"\nCREATE TABLE p(doc TEXT);\n.import %s p\n' "$POP" >"$OUT/load.sql"
measure "SQLite: .import of the NDJSON" 1 0 -- sh -c "sqlite3 $OUT/peer.db < $OUT/load.sql"
measure "SQLite: one json_extract query (subset)" 1 1 -- sh -c "sqlite3 $OUT/peer.db < bench/peers/sqlite_query.sql > $OUT/sqlite.csv"
rm -f "$OUT/peer.db"

echo "json-rules-engine $(node -p "require('./bench/peers/node_modules/json-rules-engine/package.json').version")..." >&2
measure "json-rules-engine (node $(node --version))" 1 1 -- sh -c "node bench/peers/jre_peer.js $POP > $OUT/jre.csv"

echo >&2
echo "Verdicts on the subset, peers against Eligo:"
node bench/peers/compare.js "$OUT/eligo-subset-1.ndjson" duckdb="$OUT/duckdb-$CORES.csv" sqlite="$OUT/sqlite.csv" json-rules-engine="$OUT/jre.csv" || true
echo

# The table: patients/s and verdicts/s from wall time; SQLite end to end is load + query.
awk -F'\t' -v n="$N" -v bytes="$BYTES" -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" -v cores="$CORES" '
  { label[NR] = $1; thr[NR] = $2; secs[NR] = $3; rss[NR] = $4; per[NR] = $5 }
  END {
    printf "Population: %d patients, %.0f MB NDJSON (seed 1). Machine: %s, %d cores.\n\n", n, bytes / 1e6, cpu, cores
    printf "| measurement | threads | seconds | patients/s | verdicts/s | peak RSS |\n|---|---|---|---|---|---|\n"
    for (i = 1; i <= NR; i++) {
      v = per[i] > 0 ? sprintf("%.0f", n * per[i] / secs[i]) : "-"
      printf "| %s | %s | %.2f | %.0f | %s | %.0f MB |\n", label[i], thr[i], secs[i], n / secs[i], v, rss[i] / 1024
      if (label[i] ~ /^SQLite: \.import/) load = secs[i]
      if (label[i] ~ /^SQLite: one/) query = secs[i]
      if (label[i] ~ /^json-rules-engine/) jre = secs[i]
      if (label[i] ~ /subset/ && label[i] ~ /^eligo batch, NCT/) { best = (best == "" || secs[i] < best) ? secs[i] : best; el[thr[i]] = secs[i] }
      if (label[i] ~ /^DuckDB/) duck[thr[i]] = secs[i]
      if (label[i] ~ /^parse only/) parse[thr[i]] = secs[i]
      if (label[i] ~ /^eligo batch, all/) all[thr[i]] = secs[i]
    }
    sqlite = load + query
    printf "| SQLite end to end (import + query) | 1 | %.2f | %.0f | %.0f | |\n", sqlite, n / sqlite, n / sqlite
    printf "\nRatios, Eligo on the subset (best thread count) over each peer, end to end:\n"
    printf "- over SQLite: %.1fx\n- over json-rules-engine: %.1fx\n", sqlite / best, jre / best
    printf "\nSame thread count (the targets of issue 19: DuckDB at least 5x slower than Eligo; Eligo at least 50%% of the parse-only speed):\n"
    for (t in el) {
      if (t in duck) printf "- %s thread(s): DuckDB %.2f s / Eligo %.2f s = %.2fx\n", t, duck[t], el[t], duck[t] / el[t]
      if (t in parse) printf "- %s thread(s): parse only %.2f s / Eligo %.2f s = %.0f%% of the parse-only speed\n", t, parse[t], el[t], 100 * parse[t] / el[t]
      if (t in all) printf "- %s thread(s): all trials, %.0f patient x trial verdicts/s (rows to /dev/null)\n", t, n * '"$ALL_TRIALS"' / all[t]
    }
  }' "$ROWS"
