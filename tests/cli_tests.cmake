# The CLI contract (docs/cli.md), run as a user would run it.
set(P ${CMAKE_SOURCE_DIR}/patients/examples)
set(D ${CMAKE_SOURCE_DIR}/tests/data/patients)

function(cli_test name exit_code)
  cmake_parse_arguments(T "" "OUT;ERR" "CMD" ${ARGN})
  set(args -DELIGO=$<TARGET_FILE:eligo> -DWORKDIR=${CMAKE_SOURCE_DIR} -DEXPECT_EXIT=${exit_code})
  string(REPLACE ";" "\\;" cmd "${T_CMD}")
  list(APPEND args "-DCMD=${cmd}")
  if(DEFINED T_OUT)
    list(APPEND args "-DEXPECT_OUT=${T_OUT}")
  endif()
  if(DEFINED T_ERR)
    list(APPEND args "-DEXPECT_ERR=${T_ERR}")
  endif()
  add_test(NAME cli.${name} COMMAND ${CMAKE_COMMAND} ${args} -P ${CMAKE_CURRENT_SOURCE_DIR}/run_cli.cmake)
endfunction()

# The main job, and the three verdicts.
cli_test(screen_examples 0 CMD screen ${P}/eligible.json OUT "TO DO\nNCT03838796 +eligible ")
cli_test(check_eligible 0 CMD check NCT03838796 ${P}/eligible.json OUT "NCT03838796 — eligible")
cli_test(check_ineligible 0 CMD check NCT03838796 ${P}/ineligible.json OUT "NCT03838796 — ineligible.*Platelets 62,000 /µL .* = 62 ×10\\^9/L ≥ 75 ×10\\^9/L: not met")
cli_test(check_indeterminate 0 CMD check NCT03838796 ${P}/indeterminate.json OUT "indeterminate.*data to collect: R status of hepatectomy \\(2026-10-08\\), INR, ascites, pregnant, lactating")
cli_test(check_trial_path 0 CMD check rules/NCT03838796.trial ${P}/eligible.json OUT "— eligible")
cli_test(check_json 0 CMD check NCT03838796 ${P}/ineligible.json --format json
  OUT "\"trial\": \"NCT03838796\",.*\"verdict\": \"ineligible\",.*\"criteria\": \\[.*\"section\": \"inclusion\",.*\"line\": 37,.*\"result\": \"met\",.*\"why\":.*\"patient\": \"EX-INELIGIBLE\",.*\"date\": \"2026-11-02\"")
cli_test(screen_json 0 CMD screen ${P}/indeterminate.json --format json OUT "\"patient\": \"EX-INDETERMINATE\",.*\"trials\": \\[.*\"verdict\": \"indeterminate\",.*\"missing\": \\[.*\"INR\"")
cli_test(screen_date 0 CMD screen ${P}/eligible.json --date 2026-12-01 OUT "screened on 2026-12-01")

# compile
cli_test(compile_rules 0 CMD compile rules/ OUT "NCT03838796: 19 criteria, 0 manual review, 0 errors")
cli_test(compile_json 0 CMD compile rules/NCT03838796.trial --format json OUT "\"files\": \\[.*\"trial\": \"NCT03838796\",.*\"criteria_count\": 19,.*\"manual\": 0,.*\"errors\": \\[\\],.*\"reading\": \"\\(has r0_resection\\)\"")

# eval, and the dimension mismatch
cli_test(eval_mismatch 1 CMD eval "PLT ≥ 75 mg/dL" ${P}/eligible.json ERR "<criterion>:1:10: dimension mismatch: Platelets is a number concentration \\(×10\\^9/L\\), but 'mg/dL' is a mass concentration")
cli_test(eval_json 0 CMD eval "PLT ≥ 75×10^9/L" ${P}/eligible.json --format json OUT "\"result\": \"met\",.*\"why\":.*\"missing\": \\[\\],.*\"tree\": {.*\"analyte\": \"platelets\"")
cli_test(eval_syntax_error 1 CMD eval "PLT ≥ lots" ${P}/eligible.json ERR "<criterion>:1:7: expected a number after the comparison, found 'lots'")
# --condition is the trial's own condition: "other malignancy" leaves the patient's HCC out, as a trial file does (review helper-105).
cli_test(eval_condition_other 0 CMD eval "other malignancy" ${P}/eligible.json --condition "hepatocellular carcinoma" OUT "^not met: ")
cli_test(eval_no_condition_other 0 CMD eval "other malignancy" ${P}/eligible.json OUT "^met: ")

# Exact boundaries through the CLI: 75×10^9/L = 75,000/µL = 75,000/mm³ = 75 ×10^3/µL; 3.0 mg/dL = 51.3 µmol/L bilirubin.
foreach(f boundary-platelets-per-uL boundary-platelets-per-mm3 boundary-platelets-k-per-uL)
  cli_test(boundary_${f}_ge 0 CMD eval "PLT ≥ 75×10^9/L" ${D}/${f}.json OUT "^met: ")
  cli_test(boundary_${f}_gt 0 CMD eval "PLT > 75×10^9/L" ${D}/${f}.json OUT "^not met: ")
endforeach()
cli_test(boundary_bilirubin_umol_le 0 CMD eval "Total bilirubin ≤ 3.0 mg/dL" ${D}/boundary-bilirubin-umol.json OUT "^met: .*51.3 µmol/L.* = 2.999 mg/dL \\(via molar mass 584.66 g/mol\\)")
cli_test(boundary_bilirubin_umol_ge 0 CMD eval "Total bilirubin ≥ 3.0 mg/dL" ${D}/boundary-bilirubin-umol.json OUT "^met: ")
cli_test(boundary_bilirubin_mg_le 0 CMD eval "Total bilirubin ≤ 51.3 µmol/L" ${D}/boundary-bilirubin-mg.json OUT "^met: ")
cli_test(convert_platelets 0 CMD convert 75000 /mm3 --to 10^9/L --format json OUT "\"value\": 75.0")
cli_test(convert_bilirubin 0 CMD convert 3.0 mg/dL --to umol/L --analyte bilirubin OUT "= 51.31187357 µmol/L  \\(via molar mass 584.66 g/mol\\)")
cli_test(convert_no_molar_mass 1 CMD convert 3.0 mg/dL --to umol/L ERR "without the analyte's molar mass")

# Exit codes and help
cli_test(help 0 CMD --help OUT "screen.*check.*eval.*compile.*convert")
cli_test(command_help 0 CMD check --help OUT "TRIAL.*PATIENT.*--trials.*--date.*--format")
cli_test(version 0 CMD --version OUT "^eligo [0-9]+\\.[0-9]+\\.[0-9]+")
cli_test(usage_no_command 2 CMD)
cli_test(usage_bad_format 2 CMD screen ${P}/eligible.json --format xml)
cli_test(usage_bad_date 2 CMD screen ${P}/eligible.json --date 2026-02-30 ERR "--date: not a date: '2026-02-30'")
cli_test(missing_file 1 CMD screen nowhere.json ERR "nowhere.json: cannot open file")
cli_test(malformed_json 1 CMD screen ${D}/malformed.json ERR "malformed.json: malformed JSON: \\[json.exception.parse_error.101\\] parse error at line 1, column 69: syntax error while parsing object - unexpected string literal; expected .}.")
cli_test(unknown_trial 1 CMD check NCT00000000 ${P}/eligible.json ERR "unknown trial 'NCT00000000'")

# FHIR R4 bundles: screen, check, eval and profile take them wherever they take a native profile.
set(F ${CMAKE_SOURCE_DIR}/patients/fhir)
set(SF ${CMAKE_SOURCE_DIR}/../shared/fhir)
cli_test(fhir_check_eligible 0 CMD check NCT03838796 ${F}/eligible.json --date 2026-11-02 OUT "NCT03838796 — eligible")
cli_test(fhir_check_ineligible 0 CMD check NCT03838796 ${F}/ineligible.json --date 2026-11-02 OUT "NCT03838796 — ineligible.*Platelets 62,000 /µL .* = 62 ×10\\^9/L ≥ 75 ×10\\^9/L: not met")
cli_test(fhir_screen_indeterminate 0 CMD screen ${F}/indeterminate.json --date 2026-11-02 OUT "NCT03838796 +indeterminate")
cli_test(fhir_eval 0 CMD eval "total bilirubin ≤ 1.5 mg/dL" ${F}/eligible.json --date 2026-11-02 OUT "^met: Total bilirubin 14.2 µmol/L \\(2026-10-28\\) = 0.8302 mg/dL \\(via molar mass 584.66 g/mol\\)")
cli_test(fhir_profile 0 CMD profile ${F}/eligible.json --date 2026-11-02
  OUT "FHIR R4 Bundle \\(collection\\).*Platelets +2026-10-28 +168 10\\*3/uL = 168 ×10\\^9/L +\\[ref 125–350 ×10\\^9/L\\].*hepatocellular_carcinoma +HCC, pathology of resected specimen, from 2026-09-20 \\[active\\] by SNOMED CT 25370001.*Resource types Eligo does not read \\(1\\): Claim 1;.*Read but not used.*status is entered-in-error.*verificationStatus is refuted")
cli_test(fhir_profile_json 0 CMD profile ${F}/eligible.json --format json OUT "\"format\": \"FHIR R4 Bundle \\(collection\\)\",.*\"labs\": \\[.*\"canonical_unit\":.*\"unused\": \\[")
cli_test(fhir_profile_synthea 0 CMD profile ${SF}/Jordan_Cruickshank_5de38439-d320-46d3-854d-3c098e88de4c.json --date 2026-11-22
  OUT "Platelets +2017-06-24 +189.642 K/uL = 189.642 ×10\\^9/L.*Total bilirubin +2017-06-24 +1.24689 mg/dL = 21.3267 µmol/L.*Albumin +2017-06-24 +3.41771 g/dL = 34.1771 g/L")
cli_test(fhir_screen_synthea 0 CMD screen ${SF}/Tom_Goodwin_e20de9eb-6f2d-4871-a43f-bbede53293ed.json --date 2026-11-22 OUT "NCT03838796 +(ineligible|indeterminate)")
cli_test(native_profile 0 CMD profile ${P}/eligible.json OUT "eligo-patient/1.*conditions \\(2, taken as complete\\)")
cli_test(fhir_not_fhir 1 CMD profile ${D}/fhir-single-patient.json ERR "fhir-single-patient.json: resourceType: a single FHIR Patient resource: expected a Bundle")
cli_test(fhir_two_patients 1 CMD screen ${D}/fhir-two-patients.json ERR "fhir-two-patients.json: entry\\[1\\] Patient/B: a second Patient in the Bundle \\(the first is Patient/A at entry\\[0\\]\\)")
# A unit that does not fit is skipped, with a warning that names it; the patient is screened (docs/fhir.md, "Skipped elements").
cli_test(fhir_bad_unit 0 CMD screen ${D}/fhir-platelets-mg.json
  OUT "^WARNING: 1 element of the record was skipped as unusable \\(the first: entry\\[1\\] Observation/plt: valueQuantity.code: 'mg/dL' does not fit Platelets")
cli_test(audit_twins 0 CMD audit ${F} OUT "^Audit of 4 records: 4 patients read, 0 refused.*Resource types Eligo does not read:.*Claim")
cli_test(fhir_stu3 1 CMD screen ${D}/fhir-stu3.json ERR "this looks like FHIR STU3 or DSTU2")
cli_test(fhir_deceased 0 CMD screen ${SF}/Paris_Jaskolski_37d40109-b1a6-46ca-b4c8-0da1c8fb2d57.json --date 2026-11-22 OUT "^WARNING: the patient is recorded as deceased on 1993-03-22: not screenable.*NCT03838796 +not_screenable .*not screenable: deceased on 1993-03-22")
cli_test(fhir_deceased_json 0 CMD screen ${SF}/Paris_Jaskolski_37d40109-b1a6-46ca-b4c8-0da1c8fb2d57.json --format json OUT "\"verdict\": \"not_screenable\",\n *\"reason\": \"deceased on 1993-03-22\".*\"warnings\": \\[\n *\"the patient is recorded as deceased on 1993-03-22: not screenable")

# import and coverage
cli_test(import_v2 0 CMD import ${D}/ctgov-v2-study.json OUT "trial: NCT99999998.*inclusion:.*- ANC ≥ 1.5 x 10\\^9/L.*manual: cannot read the criterion" ERR "NCT99999998: [0-9]+ criteria, [0-9]+ manual review")
cli_test(import_bad 1 CMD import ${D}/malformed.json ERR "malformed.json: malformed JSON")
cli_test(coverage_rules 0 CMD coverage rules/ OUT "NCT03838796 +23 +21 +1 +2 +91.3%.*TOTAL \\(58 trials\\)")
cli_test(coverage_json 0 CMD coverage rules/NCT03838796.trial --format json OUT "\"format\": \"eligo-coverage/1\",.*\"trial\": \"NCT03838796\",.*\"by_kind\": {.*\"lab\":")
cli_test(compile_all_rules 0 CMD compile rules/ OUT "NCT04560751: 6 criteria \\(criteria partial\\), 0 manual review, 0 errors")

# synth and regress (docs/synthetic.md)
# The stale edge of near misses needs a lab window, which no trial of rules/ sets (tests/data/README.md).
cli_test(regress_near_miss 0 CMD regress tests/data/near-miss --trials tests/data/near-miss/NEAR-LABWINDOW.trial --failures-only
  OUT "regress: 2 cases, 2 as expected, 0 differ")
cli_test(regress_synthetic 0 CMD regress patients/synthetic --failures-only
  OUT "coverage NCT03838796: 42 of 42 machine-checkable leaves have cases \\(100.0%\\).*coverage, all trials: ([0-9]+) of ([0-9]+) machine-checkable leaves have cases \\((9[0-9].[0-9]|100.0)%\\)\nregress: [0-9]+ cases, [0-9]+ as expected, 0 differ")
cli_test(synth_stdout_population 0 CMD synth --population 2 --seed 5 OUT "^{\"format\":\"eligo-patient/1\",\"id\":\"POP-0000001\".*\n{\"format\":\"eligo-patient/1\",\"id\":\"POP-0000002\"")
cli_test(synth_usage 2 CMD synth ERR "give a TRIAL")
cli_test(synth_unknown_trial 1 CMD synth NCT00000000 --out ${CMAKE_BINARY_DIR}/synth-unknown ERR "unknown trial 'NCT00000000'")
# The population's size: 100,000; a quarter of that under the sanitizers (CI), where the two runs of 100,000 took three
# minutes: a byte-identical rerun shows determinism as well at 25,000.
if(CMAKE_BUILD_TYPE STREQUAL "Sanitize")
  set(ELIGO_SYNTH_POPULATION 25000)
else()
  set(ELIGO_SYNTH_POPULATION 100000)
endif()
foreach(mode mutation current population)
  add_test(NAME synth.${mode} COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DELIGO=$<TARGET_FILE:eligo> -DSRC=${CMAKE_SOURCE_DIR}
    -DWORK=${CMAKE_BINARY_DIR}/synth-${mode} -DPOPULATION=${ELIGO_SYNTH_POPULATION} -P ${CMAKE_CURRENT_SOURCE_DIR}/synth_checks.cmake)
endforeach()
# The longest test (two population runs): start it first.
set_tests_properties(synth.population PROPERTIES COST 10000)

# batch (docs/batch.md)
# A clinician's answer of the wrong type is an error naming the patient, the field and the criterion: check exits 1, and
# in a batch the record is an error row (docs/cli.md, "Answers").
cli_test(answer_wrong_type 1 CMD check NCT04560751 ${D}/answer-wrong-type.json
  ERR "patient ANS-WRONG-TYPE: answers\\[0\\].answer: NCT04560751-8ce0332c asks for a yes/no answer \\(true or false\\), not a number \\(7.5\\)")
cli_test(batch_answer_wrong_type 0 CMD batch ${D}/answer-wrong-type.json --trials rules/NCT04560751.trial --no-progress
  OUT "\"error\":\"[^\"]*answer-wrong-type.json:1: patient ANS-WRONG-TYPE: answers\\[0\\].answer: NCT04560751-8ce0332c asks for a yes/no answer")
cli_test(questions_fhir 0 CMD questions NCT04560751 --format fhir OUT "\"resourceType\": \"Questionnaire\",.*\"linkId\": \"NCT04560751-8ce0332c\",")
cli_test(batch_folder 0 CMD batch patients/examples --trials rules/NCT03838796.trial --no-progress
  OUT "{\"patient\":\"EX-ELIGIBLE\",\"trial\":\"NCT03838796\",\"verdict\":\"eligible\",\"not_met\":\\[\\],\"open\":\\[\\],\"questions\":\\[\\],\"at_enrolment\":\\[\\]}"
  ERR "NCT03838796 +1 +0 +1 +3 +0\neligo batch: 5 records \\(5 patients, 0 errors\\), 5 rows, 1 trials, [0-9]+ threads?, .* patients/s, .* verdicts/s, peak RSS")
cli_test(batch_csv 0 CMD batch patients/examples --trials rules/NCT03838796.trial --format csv
  OUT "^record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment\n,EX-ELIGIBLE,NCT03838796,eligible,,,,,,,\n")
cli_test(batch_near_miss 0 CMD batch patients/synthetic/NCT03838796 --trials rules/NCT03838796.trial --near-miss --no-progress
  OUT "{\"patient\":\"NEAR-001\",\"trial\":\"NCT03838796\",\"verdict\":\"ineligible\",\"not_met\":\\[\"NCT03838796-1e5bc03b\"\\],\"open\":\\[\\],\"questions\":\\[\\],\"at_enrolment\":\\[\\],\"near_miss\":true,\"near_miss_gaps\":\\[\"Platelets 67.5 ×10\\^9/L, needs ≥ 75\"\\]}"
  ERR "TRIAL +ELIGIBLE +PENDING QUESTIONS +INDETERMINATE +INELIGIBLE +NOT SCREENABLE +NEAR MISS\nNCT03838796 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +0 +[1-9][0-9]*\n")
cli_test(check_near_miss 0 CMD check NCT03838796 patients/synthetic/NCT03838796/near-003-ast-5.5-times-uln.json
  OUT "NCT03838796 — ineligible \\(near miss\\).*  near miss: Aspartate aminotransferase \\(AST\\) 5.5 × ULN, needs ≤ 5 × ULN\n")
cli_test(batch_missing_input 1 CMD batch nowhere.ndjson ERR "nowhere.ndjson: no such file or directory")
cli_test(batch_bad_format 2 CMD batch patients/examples --format xml)
