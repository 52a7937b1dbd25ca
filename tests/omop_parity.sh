#!/usr/bin/env bash
# eligo sql on a real PostgreSQL (Debian's postgresql, issue 20): a throwaway cluster in a temporary folder, run as an
# unprivileged user (the `postgres` account when the tests run as root), with the synthetic population loaded as OMOP
# CDM tables (eligo synth --format omop). The script eligo sql writes for every trial of rules/ must agree with
# eligo batch on the same population, person by person and criterion by criterion, for every criterion the script
# expresses (tests/omop_parity.sql); the rest it reports as NULL, and the test prints how many.
#   omop_parity.sh ELIGO SRC WORK [N]
set -uo pipefail
eligo=$1 src=$2 work=$3 n=${4:-400}
day=2026-06-15  # the population's screening date (engine/synth/generator.cpp, synth_date)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || { echo "PostgreSQL is missing: run scripts/install-deps.sh --test"; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: run scripts/install-deps.sh --test"; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1

"$eligo" synth --population "$n" --format omop --out "$work/omop" || exit 1
"$eligo" synth --population "$n" --out "$work/omop/population.ndjson" || exit 1
"$eligo" batch "$work/omop/population.ndjson" --trials "$src/rules" --date $day --out "$work/omop/batch.ndjson" --no-progress 2>"$work/batch.err" ||
  { cat "$work/batch.err"; exit 1; }
"$eligo" sql --trials "$src/rules" --date $day --out "$work/omop/eligo.sql" || exit 1

# The cluster lives in its own folder under /tmp (the postgres account may not reach the build tree), on a socket only.
cluster=$(mktemp -d /tmp/eligo-pg.XXXXXX)
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "no postgres account to run the cluster as: run scripts/install-deps.sh --test"; exit 1; }
  chown postgres "$cluster"
  as_user=(runuser -u postgres --)
fi
stop() {
  "${as_user[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$cluster"
}
trap stop EXIT
"${as_user[@]}" "$pgbin/initdb" -D "$cluster/data" -A trust -U eligo --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
"${as_user[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-k $cluster -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
  { cat "$cluster/server.log"; exit 1; }
psql_run() { (cd "$work/omop" && PGOPTIONS='-c client_min_messages=warning' psql -h "$cluster" -U eligo -d postgres -X -q -v ON_ERROR_STOP=1 "$@"); }

psql_run -f load.sql || exit 1
psql_run -f eligo.sql || exit 1
psql_run -At -f "$src/tests/omop_parity.sql" >"$work/parity.txt" || exit 1
cat "$work/parity.txt"
read -r _ compared _ differ _ verdicts _ verdicts_differ _ persons _ batch_persons < <(head -1 "$work/parity.txt")
not_expressed=$(psql_run -At -c "SELECT count(*) FROM eligo_criterion WHERE not_expressed IS NOT NULL")
echo "criteria the script holds as NULL (not expressed yet): $not_expressed"
# The script's own check: codes the population uses are found; codes it never writes (a second LOINC code of an analyte)
# are listed, so a site sees what its vocabulary lacks.
missing=$(psql_run -At -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE concept_code IN ('777-3', '1975-2', '89247-1', 'F', 'M')) FROM eligo_missing_code")
echo "codes the script looks up that the vocabulary lacks: ${missing% *} (of them used by the population: ${missing#* })"
fail=0
[ "${missing#* }" = "0" ] && [ "${missing% *}" -gt 0 ] || { echo "FAIL: eligo_missing_code: $missing"; fail=1; }
[ "${compared:-0}" -gt 0 ] || { echo "FAIL: nothing compared"; fail=1; }
[ "${differ:-1}" -eq 0 ] || { echo "FAIL: $differ criterion results differ from eligo batch"; fail=1; }
[ "${verdicts:-0}" -gt 0 ] || { echo "FAIL: no trial expressed whole, so no verdict compared"; fail=1; }
[ "${verdicts_differ:-1}" -eq 0 ] || { echo "FAIL: $verdicts_differ verdicts differ from eligo batch"; fail=1; }
[ "${persons:-0}" -eq "$n" ] && [ "${batch_persons:-0}" -eq "$n" ] || { echo "FAIL: $persons persons in SQL, $batch_persons in batch, $n written"; fail=1; }
[ $fail -eq 0 ] && echo "omop parity: $compared criterion results and $verdicts verdicts agree with eligo batch"
exit $fail
