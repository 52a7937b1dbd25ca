#!/usr/bin/env bash
# Builds the benchmarks in Release (build-bench/) and runs them, then times the
# whole `eligo profile` process on the largest FHIR bundle. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DELIGO_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target eligo eligo_bench >/dev/null
./build-bench/bench/eligo_bench --benchmark_min_time=1 "$@"
largest=../shared/fhir/Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json
echo
echo "Whole process, 'eligo screen' on the largest bundle ($(stat -c %s "$largest") bytes), 20 runs:"
start=$(date +%s.%N)
for _ in $(seq 20); do ./build-bench/eligo screen "$largest" --date 2026-11-22 >/dev/null; done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "  %.1f ms per run (wall clock, includes start-up and compiling rules/)\n", (e - s) * 1000 / 20 }'
/usr/bin/time -f "  peak RSS %M KiB" ./build-bench/eligo screen "$largest" --date 2026-11-22 >/dev/null
