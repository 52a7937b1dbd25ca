#!/usr/bin/env bash
# One command to fuzz Eligo with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]
#
# TARGET is criterion, trial, patient, fhir or unit (default: all, one after the other);
# SECONDS is the time per target (default 900). Builds build-fuzz/ with clang++ and
# -DELIGO_FUZZ=ON, seeds build-fuzz/corpus/<target>/, runs one fuzzer process at a time
# (niced), copies crash-/timeout-/oom- inputs to tests/fuzz/regressions/<target>/ and
# prints one summary line per target. Logs: build-fuzz/logs/<target>.log.
# Environment: CXX (default clang++), JOBS (build parallelism, default 1),
# NICE (default 5), FUZZ_ARGS (extra libFuzzer flags), FUZZ_BUILD_DIR (default build-fuzz),
# FUZZ_NO_BUILD=1 (run the targets already built, e.g. while the sources are being edited).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$here/../shared" 2>/dev/null && pwd || true)
target=${1:-all}
seconds=${2:-900}
build="${FUZZ_BUILD_DIR:-$here/build-fuzz}"
all=(criterion trial patient fhir unit)

case "$target" in
  all) targets=("${all[@]}") ;;
  criterion|trial|patient|fhir|unit) targets=("$target") ;;
  *) echo "usage: scripts/fuzz.sh [criterion|trial|patient|fhir|unit|all] [SECONDS]" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }
[ -n "$shared" ] || { echo "fuzz.sh: ../shared (the corpus, FHIR and UCUM files) is not next to the repository" >&2; exit 2; }

# -max_len per target: a criterion is at most 2,000 bytes (docs/limits.md); trial files
# and patients get room for several records; units are short.
max_len() {
  case "$1" in
    criterion) echo 2100 ;;
    trial) echo 16384 ;;
    patient) echo 16384 ;;
    fhir) echo 65536 ;;
    unit) echo 256 ;;
  esac
}

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DELIGO_FUZZ=ON -DELIGO_WERROR=OFF >/dev/null
  nice -n "${NICE:-5}" cmake --build "$build" -j "${JOBS:-1}" --target $(printf 'fuzz_%s ' "${targets[@]}")
fi

mkdir -p "$build/logs"
python3 "$here/scripts/fuzz_seed.py" "$here" "$shared" "$build"

summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  regressions="$here/tests/fuzz/regressions/$t"
  mkdir -p "$corpus" "$artifacts" "$regressions"
  log="$build/logs/$t.log"
  echo "fuzz.sh: $t for ${seconds}s (log: $log)"
  # The corpus folder keeps what earlier runs found; the seeds and the regressions are read too.
  status=0
  nice -n "${NICE:-5}" "$build/tests/fuzz/fuzz_$t" "$corpus" "$build/seed/$t" "$regressions" \
    -dict="$build/dict/$t.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
    >"$log" 2>&1 || status=$?
  found=0
  for a in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/slow-unit-*; do
    [ -e "$a" ] || continue
    case "$(basename "$a")" in slow-unit-*) continue ;; esac
    cp -n "$a" "$regressions/"
    found=$((found + 1))
  done
  final_stat() { grep -E "^stat::$1:" "$log" | tail -1 | awk '{print $2}'; }
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  line=$(printf '%-9s exit=%s execs=%s exec/s=%s cov=%s ft=%s corpus=%s rss=%sMb artifacts=%s' \
    "$t" "$status" "$(final_stat number_of_executed_units)" "$(final_stat average_exec_per_sec)" "${cov:-?}" "${ft:-?}" \
    "${units:-?}" "$(final_stat peak_rss_mb)" "$found")
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz.sh: summary (artifacts are copied to tests/fuzz/regressions/<target>/; replay: ctest -R fuzz.replay)"
printf '%s\n' "${summary[@]}"
