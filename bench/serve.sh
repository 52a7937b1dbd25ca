#!/usr/bin/env bash
# Load test of eligo serve (bench/README.md): wrk POSTs the example patients to /api/screen
# (every trial in rules/) over CONNECTIONS connections for DURATION, then the slow-client and
# oversized-body probes (bench/serve/probes.py). Reports requests/s, p50/p99 latency, error
# counts (wrk's and the server log's 5xx), and the server's peak RSS (VmHWM), sampled each second.
#   bash bench/serve.sh [ELIGO] [CONNECTIONS] [DURATION] [WRK_THREADS]
# Run from anywhere; needs wrk and python3 (scripts/install-deps.sh --test installs wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
eligo=${1:-build/eligo}
conns=${2:-200}
duration=${3:-60s}
wrk_threads=${4:-2}
out=bench/out/serve-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

"$eligo" serve --port 0 >"$out/serve.out" 2>"$out/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$out/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "eligo serve did not start"; cat "$out/serve.log"; exit 1; }
echo "eligo serve pid $pid on port $port; $(head -1 "$out/serve.out")"

# RSS once a second, for the whole run.
( while kill -0 $pid 2>/dev/null; do
    echo "$(date +%s) $(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null)"
    sleep 1
  done ) >"$out/rss.txt" &
sampler=$!

rss_idle=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
echo "== wrk -t$wrk_threads -c$conns -d$duration --latency POST /api/screen (8 example patients in turn)"
wrk -t"$wrk_threads" -c"$conns" -d"$duration" --timeout 10s --latency -s bench/serve/screen.lua "http://127.0.0.1:$port/api/screen" | tee "$out/wrk.txt"
rss_after_load=$(awk '/VmRSS/{print $2}' /proc/$pid/status)

echo "== probes"
python3 bench/serve/probes.py "$port" 100 | tee "$out/probes.txt"

kill -0 $pid || { echo "THE SERVER DIED"; exit 1; }
hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
threads=$(awk '/Threads/{print $2}' /proc/$pid/status)
rss_end=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
kill -TERM $pid
wait $pid; code=$?
trap - EXIT
kill $sampler 2>/dev/null || true

requests=$(grep -c ' /api/screen ' "$out/serve.log" || true)
fivexx=$(awk '$5 ~ /^5/' "$out/serve.log" | wc -l)
echo "== summary"
{
  echo "server: exit code $code after SIGTERM; $threads threads at the end"
  echo "server log: $requests /api/screen requests, $fivexx answers with a 5xx status"
  echo "RSS: idle $((rss_idle / 1024)) MB, after the load $((rss_after_load / 1024)) MB, at the end $((rss_end / 1024)) MB, peak (VmHWM) $((hwm / 1024)) MB"
  grep -E "Requests/sec|status classes|latency p50|socket errors|Non-2xx" "$out/wrk.txt" || true
} | tee "$out/summary.txt"
echo "files: $out"
