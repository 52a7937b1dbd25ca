#!/usr/bin/env bash
# eligo batch --out under SIGKILL: the output is complete or absent, never torn (docs/batch.md).
#   batch_kill.sh ELIGO SRC
set -uo pipefail
eligo=$1 src=$2
cd "$src" || exit 1
work=$(mktemp -d)
out=$work/out  # only the rows go here
mkdir -p "$out"
trap 'rm -rf "$work"' EXIT
fail=0
"$eligo" synth --population 5000 --seed 7 --out "$work/pop.ndjson" 2>/dev/null || { echo "synth failed"; exit 1; }
trials=rules/NCT03838796.trial

# 1. Killed mid-run: stdin stays open (the run cannot finish), rows have been computed, then kill -9.
for old in none previous; do
  rm -f "$out/rows.ndjson"
  [ $old = previous ] && echo "the previous complete run" >"$out/rows.ndjson"
  mkfifo "$work/in"
  "$eligo" batch - --trials $trials --out "$out/rows.ndjson" --no-progress <"$work/in" 2>"$work/err" &
  pid=$!
  exec 3>"$work/in"
  cat "$work/pop.ndjson" >&3
  sleep 1
  if ! kill -0 $pid 2>/dev/null; then echo "batch ended before the kill: $(cat "$work/err")"; fail=1; fi
  # The run is mid-write: its output file (unnamed, in the out folder) already holds rows.
  written=0
  for fd in /proc/$pid/fd/*; do
    case $(readlink "$fd") in "$out"/*) written=$(stat -L -c %s "$fd") ;; esac
  done
  [ "$written" -gt 0 ] || { echo "no rows written before the kill: the test would prove nothing"; fail=1; }
  kill -9 $pid
  wait $pid 2>/dev/null
  exec 3>&-
  rm -f "$work/in"
  left=$(cd "$out" && ls -A | tr '\n' ' ')
  if [ $old = none ]; then
    [ -z "$left" ] || { echo "killed run left: $left"; fail=1; }
  else
    [ "$left" = "rows.ndjson " ] || { echo "killed run left: $left"; fail=1; }
    [ "$(cat "$out/rows.ndjson")" = "the previous complete run" ] || { echo "the previous output was changed"; fail=1; }
  fi
  echo "killed after writing $written bytes, with $old output before: left [${left}]"
done

# 2. A complete run: every record gives exactly one row.
"$eligo" batch "$work/pop.ndjson" --trials $trials --out "$out/rows.ndjson" --no-progress 2>"$work/err" || { cat "$work/err"; fail=1; }
records=$(wc -l <"$work/pop.ndjson")
rows=$(wc -l <"$out/rows.ndjson")
left=$(cd "$out" && ls -A | tr '\n' ' ')
echo "complete run: $records records, $rows rows; files: $left"
[ "$records" = "$rows" ] || { echo "records in ($records) != rows out ($rows)"; fail=1; }
[ "$left" = "rows.ndjson " ] || { echo "unexpected files: $left"; fail=1; }
tail -c 1 "$out/rows.ndjson" | od -c | grep -q '\\n' || { echo "the last row is cut"; fail=1; }
exit $fail
