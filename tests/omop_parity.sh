#!/usr/bin/env bash
# eligo sql on a real PostgreSQL (Debian's postgresql, issue 20): a throwaway cluster in a temporary folder, run as an
# unprivileged user (the `postgres` account when the tests run as root), socket only. Two sets of patients are loaded as
# OMOP CDM tables: the synthetic population (eligo synth --format omop) and the regression suite's cases (eligo export
# patients/synthetic: probes at every threshold, window, range and unit), and real Synthea FHIR bundles (eligo export
# ../shared/fhir/wide). The script eligo sql writes for every trial
# of rules/ must agree with eligo batch on the same patients, person by person and criterion by criterion, for every
# criterion the script expresses, and on the verdict of every trial it expresses whole (tests/omop_parity.sql); the
# rest it reports as NULL, and the test prints how many.
#   omop_parity.sh ELIGO SRC WORK [N]
set -uo pipefail
eligo=$1 src=$2 work=$3 n=${4:-400}
day=2026-06-15  # the population's screening date (engine/synth/generator.cpp, synth_date)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || { echo "PostgreSQL is missing: run scripts/install-deps.sh --test"; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: run scripts/install-deps.sh --test"; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1

# The cluster lives in its own folder under /tmp (the postgres account may not reach the build tree), on a socket only.
cluster=$(mktemp -d /tmp/eligo-pg.XXXXXX)
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "no postgres account to run the cluster as: run scripts/install-deps.sh --test"; exit 1; }
  chown postgres "$cluster"
  as_user=(runuser -u postgres --)
fi
source "$src/tests/omop_shard.sh"
stop() {
  shard_stop
  "${as_user[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$cluster"
}
trap stop EXIT
"${as_user[@]}" "$pgbin/initdb" -D "$cluster/data" -A trust -U eligo --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
"${as_user[@]}" "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-k $cluster -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
  { cat "$cluster/server.log"; exit 1; }
psql_in() { local db=$1 dir=$2; shift 2; (cd "$dir" && PGOPTIONS='-c client_min_messages=warning' psql -h "$cluster" -U eligo -d "$db" -X -q -v ON_ERROR_STOP=1 "$@"); }
fail=0
total_compared=0 total_verdicts=0 total_facts=0 total_lossy=0

# eligo batch screens each patient on the patient's own screening date (today for a FHIR bundle, which has none): one
# run for every date, whose rows each comparison below reads.
batch() {
  local dir=$1 input=$2
  "$eligo" batch "$input" --trials "$src/rules" --out "$dir/batch.ndjson" --no-progress 2>"$dir/batch.err" || { cat "$dir/batch.err"; fail=1; }
}

# One comparison: the patients in DIR whose screening date is DAY, screened by eligo sql on DAY, in database DB, against
# the rows of batch().
compare() {
  local db=$1 dir=$2 day=$3
  "$eligo" sql --trials "$src/rules" --date "$day" --complete-history --out "$dir/eligo.sql" 2>"$dir/sql.err" || { cat "$dir/sql.err"; fail=1; return; }
  psql_in "$db" "$dir" -f eligo.sql || { fail=1; return; }
  psql_in "$db" "$dir" -At -v day="$day" -f "$src/tests/omop_parity.sql" >"$dir/parity-$day.txt" || { fail=1; return; }
  echo "$db on $day: $(head -1 "$dir/parity-$day.txt")"
  tail -n +2 "$dir/parity-$day.txt" | head -20
  local compared differ verdicts verdicts_differ persons batch_persons other_day facts lossy_persons lossy
  read -r _ compared _ differ _ verdicts _ verdicts_differ _ persons _ batch_persons _ other_day _ facts _ lossy_persons _ lossy < <(head -1 "$dir/parity-$day.txt")
  [ "${differ:-1}" -eq 0 ] || { echo "FAIL: $db on $day: $differ person x trial rows differ from eligo batch"; fail=1; }
  [ "${verdicts_differ:-1}" -eq 0 ] || { echo "FAIL: $db on $day: $verdicts_differ verdicts differ from eligo batch"; fail=1; }
  total_compared=$((total_compared + ${compared:-0})) total_verdicts=$((total_verdicts + ${verdicts:-0}))
  total_facts=$((total_facts + ${facts:-0})) total_lossy=$((total_lossy + ${lossy:-0}))
}

# 1. The synthetic population, written by eligo synth --format omop.
mkdir -p "$work/population"
"$eligo" synth --population "$n" --format omop --out "$work/population" 2>"$work/population/synth.err" || { cat "$work/population/synth.err"; exit 1; }
"$eligo" synth --population "$n" --out "$work/population/population.ndjson" 2>/dev/null || exit 1
psql_in postgres "$work" -c "CREATE DATABASE population" -c "CREATE DATABASE cases" || exit 1
psql_in population "$work/population" -f load.sql || exit 1
batch "$work/population" "$work/population/population.ndjson"
compare population "$work/population" $day
persons=$(psql_in population "$work" -At -c "SELECT count(*) FROM person")
[ "$persons" -eq "$n" ] || { echo "FAIL: $persons persons loaded, $n written"; fail=1; }
# The script's own check: codes the population uses are found; codes it never writes (a second LOINC code of an analyte)
# are listed, so a site sees what its vocabulary lacks.
missing=$(psql_in population "$work" -At -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE concept_code IN ('777-3', '1975-2', '89247-1', 'F', 'M')) FROM eligo_missing_code")
echo "codes the script looks up that the vocabulary lacks: ${missing% *} (of them used by the population: ${missing#* })"
[ "${missing#* }" = "0" ] && [ "${missing% *}" -gt 0 ] || { echo "FAIL: eligo_missing_code: $missing"; fail=1; }
# The CDM schema read-only in practice: the script reads public and writes into a results schema, with the same verdicts.
"$eligo" sql --trials "$src/rules" --date $day --complete-history --schema public --vocab-schema public --results-schema results --out "$work/population/schema.sql" 2>/dev/null || fail=1
psql_in population "$work/population" -c "CREATE SCHEMA results" -f schema.sql || fail=1
same=$(psql_in population "$work" -At -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE r.verdict = v.verdict AND r.not_met = v.not_met AND r.open = v.open)
  FROM results.eligo_verdict r JOIN public.eligo_verdict v ON v.patient = r.patient AND v.trial = r.trial")
echo "--results-schema results: $same rows, same verdicts and lists"
[ "${same% *}" -gt 0 ] && [ "${same% *}" = "${same#* }" ] || { echo "FAIL: --results-schema: $same"; fail=1; }
not_expressed=$(psql_in population "$work" -At -c "SELECT count(*) || ' of ' || (SELECT count(*) FROM eligo_criterion) FROM eligo_criterion WHERE not_expressed IS NOT NULL")
echo "criteria the script holds as NULL (not expressed yet): $not_expressed"

# Scores as sites record them, and bad input: a newer ECOG given as a LOINC answer (value_as_concept_id LA9623-5,
# "1") under the panel's coded member 89262-0 is read; a newer one still (under 89247-1) whose value reads as no label
# of the scale leaves ECOG unknown, never the older value; and so does one whose number and coded answer disagree.
psql_in population "$work/population" -q \
  -c "INSERT INTO concept VALUES (1999999001, 'ECOG 1', 'Meas Value', 'LOINC', 'Answer', 'S', 'LA9623-5', DATE '1970-01-01', DATE '2099-12-31', NULL)" \
  -c "INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id, value_as_concept_id)
      SELECT 999000001, 1, concept_id, DATE '$day' - 1, 0, 1999999001 FROM concept WHERE vocabulary_id = 'LOINC' AND concept_code = '89262-0'" \
  -f eligo.sql || fail=1
answer=$(psql_in population "$work" -At -c "SELECT s_ecog_lo || ' ' || s_ecog_state FROM eligo_person WHERE person_id = 1")
psql_in population "$work/population" -q \
  -c "INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id, value_source_value)
      SELECT 999000002, 1, concept_id, DATE '$day', 0, 'ECOG one-ish' FROM concept WHERE vocabulary_id = 'LOINC' AND concept_code = '89247-1'" \
  -f eligo.sql || fail=1
unreadable=$(psql_in population "$work" -At -c "SELECT COALESCE(CAST(s_ecog_lo AS text), 'NULL') || ' ' || s_ecog_state FROM eligo_person WHERE person_id = 1")
psql_in population "$work/population" -q \
  -c "UPDATE measurement SET value_source_value = NULL, value_as_number = 2, value_as_concept_id = 1999999001 WHERE measurement_id = 999000002" \
  -f eligo.sql || fail=1
disagree=$(psql_in population "$work" -At -c "SELECT COALESCE(CAST(s_ecog_lo AS text), 'NULL') || ' ' || s_ecog_state FROM eligo_person WHERE person_id = 1")
echo "ECOG as a LOINC answer: $answer; then a newer unreadable one: $unreadable; a number and an answer that disagree: $disagree"
[ "$answer" = "1 recorded" ] && [ "$unreadable" = "NULL unusable" ] && [ "$disagree" = "NULL unusable" ] || { echo "FAIL: scores as coded answers or unreadable"; fail=1; }

# Drugs and conditions as sites code them: a drug under a clinical-drug concept that concept_ancestor places below the
# sorafenib ingredient is sorafenib; a condition under a code the catalogue does not list names no catalogue concept
# (eligo_record.concept NULL), which keeps a criterion on a concept not every record of which its codes find open.
psql_in population "$work/population" -q \
  -c "INSERT INTO concept VALUES (1999999101, 'sorafenib 200 MG Oral Tablet (test)', 'Drug', 'RxNorm', 'Clinical Drug', 'S', 'test-sorafenib-tablet', DATE '1970-01-01', DATE '2099-12-31', NULL),
                                 (1999999102, 'a condition no catalogue concept lists (test)', 'Condition', 'SNOMED', 'Clinical Finding', 'S', 'test-unlisted', DATE '1970-01-01', DATE '2099-12-31', NULL)" \
  -c "INSERT INTO concept_ancestor SELECT concept_id, 1999999101, 1, 1 FROM concept WHERE vocabulary_id = 'RxNorm' AND concept_code = '495881'" \
  -c "INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id)
      VALUES (999000003, 2, 1999999101, DATE '$day' - 40, DATE '$day' - 10, 0)" \
  -c "INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id)
      VALUES (999000004, 3, 1999999102, DATE '$day' - 5, 0)" \
  -f eligo.sql || fail=1
coded=$(psql_in population "$work" -At -c "SELECT (SELECT count(*) FROM eligo_record WHERE rid = 999000003 AND domain = 'drug' AND concept = 'sorafenib' AND nearest = 1 AND exact = 1) || ' ' ||
  (SELECT count(*) FROM eligo_record WHERE rid = 999000004 AND domain = 'condition' AND concept IS NULL)")
echo "a clinical drug below sorafenib in concept_ancestor, and a condition no concept lists: $coded (records found: 1 1)"
[ "$coded" = "1 1" ] || { echo "FAIL: records by concept_ancestor or unlisted codes"; fail=1; }
# A code the vocabulary places below two catalogue concepts the catalogue does not link: the nearer is the record's
# concept, the farther a reading it may have; neither is exact (the code is below a listed one, not listed), so both keep
# facts on them open where a clinical drug below a listed ingredient is that ingredient; an observation of a personal history
# (below SNOMED CT 417662000) is a record of its own that keeps condition facts open.
psql_in population "$work/population" -q \
  -c "INSERT INTO concept VALUES (1999999103, 'a condition below two catalogue concepts (test)', 'Condition', 'SNOMED', 'Clinical Finding', 'S', 'test-two-readings', DATE '1970-01-01', DATE '2099-12-31', NULL),
                                 (1999999104, 'History of clinical finding in subject', 'Observation', 'SNOMED', 'Context-dependent', 'S', '417662000', DATE '1970-01-01', DATE '2099-12-31', NULL),
                                 (1999999105, 'a history of something (test)', 'Observation', 'SNOMED', 'Context-dependent', 'S', 'test-history', DATE '1970-01-01', DATE '2099-12-31', NULL)" \
  -c "INSERT INTO concept_ancestor SELECT concept_id, 1999999103, 1, 1 FROM concept WHERE vocabulary_id = 'SNOMED' AND concept_code = '66071002'" \
  -c "INSERT INTO concept_ancestor SELECT concept_id, 1999999103, 2, 2 FROM concept WHERE vocabulary_id = 'SNOMED' AND concept_code = '25370001'" \
  -c "INSERT INTO concept_ancestor VALUES (1999999104, 1999999105, 1, 1)" \
  -c "INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id)
      VALUES (999000005, 4, 1999999103, DATE '$day' - 30, 0)" \
  -c "INSERT INTO observation (observation_id, person_id, observation_concept_id, observation_date, observation_type_concept_id)
      VALUES (999000006, 5, 1999999105, DATE '$day' - 30, 0)" \
  -f eligo.sql || fail=1
readings=$(psql_in population "$work" -At -c "SELECT string_agg(concept || ':' || nearest || ':' || exact, ' ' ORDER BY nearest DESC) FROM eligo_record WHERE rid = 999000005 AND domain = 'condition'")
history=$(psql_in population "$work" -At -c "SELECT count(*) FROM eligo_record WHERE rid = 999000006 AND domain = 'history' AND person_id = 5")
echo "a code below hepatitis B (1 level) and hepatocellular carcinoma (2 levels): $readings; a history observation: $history"
[ "$readings" = "hepatitis_b:1:0 hepatocellular_carcinoma:0:0" ] && [ "$history" = "1" ] || { echo "FAIL: nearest and farther readings, history observations"; fail=1; }

# 1b. The same population sharded: a coordinator partitioning the OMOP tables by person over two workers through
# postgres_fdw (tests/omop_shard.sh, docs/scale.md), the same script run there unchanged, and the same parity.
if shard_setup "$work/population"; then
  rows=$(for p in $shard_workers; do shard_psql "$p" "$work" -At -c "SELECT count(*) FROM person"; done | tr '\n' ' ')
  echo "sharded: persons on the two workers: $rows"
  for p in $rows; do [ "$p" -gt 0 ] || { echo "FAIL: a worker holds no person"; fail=1; }; done
  shard_psql "$shard_coordinator" "$work/population" -f eligo.sql || fail=1
  shard_psql "$shard_coordinator" "$work/population" -At -v day=$day -f "$src/tests/omop_parity.sql" >"$work/population/parity-sharded.txt" || fail=1
  echo "population sharded on $day: $(head -1 "$work/population/parity-sharded.txt")"
  tail -n +2 "$work/population/parity-sharded.txt" | head -20
  read -r _ compared _ differ _ verdicts _ verdicts_differ _ < <(head -1 "$work/population/parity-sharded.txt")
  [ "${compared:-0}" -gt 0 ] && [ "${differ:-1}" -eq 0 ] && [ "${verdicts_differ:-1}" -eq 0 ] ||
    { echo "FAIL: sharded: $differ rows and $verdicts_differ verdicts differ from eligo batch"; fail=1; }
  total_compared=$((total_compared + ${compared:-0})) total_verdicts=$((total_verdicts + ${verdicts:-0}))
else
  echo "FAIL: the sharded setup did not start"
  fail=1
fi

# 2. The regression suite's cases (patients/synthetic: probes at every threshold, windows, ranges, units), written by
# eligo export, each screened on its own screening date.
mkdir -p "$work/cases"
"$eligo" export "$src/patients/synthetic" --out "$work/cases" 2>"$work/cases/export.err" || { cat "$work/cases/export.err"; exit 1; }
grep "not written" "$work/cases/export.err"
psql_in cases "$work/cases" -f load.sql || exit 1
batch "$work/cases" "$src/patients/synthetic"
for d in $(psql_in cases "$work" -At -c "SELECT DISTINCT observation_period_end_date FROM observation_period ORDER BY 1"); do
  compare cases "$work/cases" "$d"
done

# 3. Real records: the Synthea R4 bundles of ../shared/fhir/wide (cancer, chemotherapy, transplants, deceased patients,
# conflicting and unusable results), written by eligo export. Three files there are not patients (a manifest, two
# bundles without a Patient): export reports them and goes on.
wide="$src/../shared/fhir/wide"
if [ -d "$wide" ]; then
  mkdir -p "$work/fhir"
  "$eligo" export "$wide" --out "$work/fhir" 2>"$work/fhir/export.err"
  grep -c "(skipped)" "$work/fhir/export.err" | sed 's/^/fhir records export could not read (expected 3): /'
  psql_in postgres "$work" -c "CREATE DATABASE fhir" || exit 1
  psql_in fhir "$work/fhir" -f load.sql || exit 1
  batch "$work/fhir" "$wide"
  for d in $(psql_in fhir "$work" -At -c "SELECT DISTINCT observation_period_end_date FROM observation_period ORDER BY 1"); do
    compare fhir "$work/fhir" "$d"
  done
else
  echo "FAIL: $wide is missing (CI places ../shared beside the clone)"
  fail=1
fi

[ "$total_compared" -gt 0 ] || { echo "FAIL: nothing compared"; fail=1; }
[ "$total_verdicts" -gt 0 ] || { echo "FAIL: no trial expressed whole, so no verdict compared"; fail=1; }
[ "$total_facts" -gt 0 ] || { echo "FAIL: no criterion on conditions, drugs or procedures compared"; fail=1; }
[ $fail -eq 0 ] && echo "omop parity: $total_compared criterion results ($total_facts of them on conditions, drugs or procedures) and" \
  "$total_verdicts verdicts agree with eligo batch; $total_lossy results on records the tables hold only in part not compared"
exit $fail
