// The eligo command line's options: names, help text and defaults are the contract of
// docs/cli.md; other tools depend on them.
#include "engine/cli/options.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

#ifndef ELIGO_VERSION
#define ELIGO_VERSION "0.0.0"
#endif
#ifndef ELIGO_RULES_DIR
#define ELIGO_RULES_DIR "rules"
#endif

namespace eligo::cli {

namespace {

std::string default_rules_dir()
{
   // The bundled rules/: beside the working directory, else the source tree this binary was built from.
   if (std::filesystem::is_directory("rules")) return "rules";
   return ELIGO_RULES_DIR;
}

}  // namespace

Options::Options() : trials_dir(default_rules_dir()), batch_threads(std::max(1u, std::thread::hardware_concurrency())) {}

void define_options(CLI::App& app, Options& o)
{
   app.set_version_flag("--version", std::string("eligo ") + ELIGO_VERSION);
   app.require_subcommand(1);
   app.add_option("--catalogue", o.catalogue_dir, "Read analytes.json, scores.json and concepts.json from DIR instead of the built-in catalogue");

   auto add_format = [&](CLI::App* c) { c->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str(); };
   auto add_date = [&](CLI::App* c) { c->add_option("--date", o.date_opt, "Screening date YYYY-MM-DD (default: the patient's screening_date, else today)"); };

   auto* screen_cmd = app.add_subcommand("screen", "Screen one patient against every trial in a folder");
   screen_cmd->add_option("PATIENT", o.patient_path, "Patient JSON file")->required();
   screen_cmd->add_option("--trials", o.trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   add_date(screen_cmd);
   add_format(screen_cmd);

   auto* check_cmd = app.add_subcommand("check", "Check one patient against one trial, criterion by criterion");
   check_cmd->add_option("TRIAL", o.trial_arg, "Trial id (looked up in --trials) or a .trial file")->required();
   check_cmd->add_option("PATIENT", o.patient_path, "Patient JSON file")->required();
   check_cmd->add_option("--trials", o.trials_dir, "Folder of .trial files")->capture_default_str();
   add_date(check_cmd);
   add_format(check_cmd);

   auto* eval_cmd = app.add_subcommand("eval", "Evaluate one criterion text against a patient");
   eval_cmd->add_option("CRITERION", o.criterion_text, "Criterion text, e.g. 'PLT ≥ 75×10^9/L'")->required();
   eval_cmd->add_option("PATIENT", o.patient_path, "Patient JSON file")->required();
   eval_cmd->add_option("--section", o.eval_section, "Read the criterion as a trial file's inclusion or exclusion section does")
       ->check(CLI::IsMember({"inclusion", "exclusion"}));
   eval_cmd->add_option("--condition", o.eval_condition, "The trial's condition (a concept name, as a trial file's 'condition:' gives it)");
   add_date(eval_cmd);
   add_format(eval_cmd);

   auto* questions_cmd = app.add_subcommand("questions", "Write a trial's questions for a clinician as a FHIR R4 Questionnaire, or as text");
   questions_cmd->add_option("TRIAL", o.trial_arg, "Trial id (looked up in --trials) or a .trial file")->required();
   questions_cmd->add_option("--trials", o.trials_dir, "Folder of .trial files")->capture_default_str();
   questions_cmd->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "fhir"}))->capture_default_str();

   auto* profile_cmd = app.add_subcommand("profile", "Show the normalised patient profile the engine evaluates, and what was read but not used");
   profile_cmd->add_option("patient", o.patient_path, "Patient file (native JSON or FHIR R4 Bundle)")->required();
   add_date(profile_cmd);
   add_format(profile_cmd);

   auto* audit_cmd = app.add_subcommand(
       "audit", "Audit a population's records: what the criteria need that the records lack, elements skipped, unmapped codes, unused resource types");
   audit_cmd->add_option("INPUT", o.audit_inputs, "NDJSON files (one patient per line, native or FHIR), folders of patient files, or - for stdin")->required();
   audit_cmd->add_option("--trials", o.trials_dir, "Folder (or file) of .trial files whose criteria say what is needed")->capture_default_str();
   add_format(audit_cmd);

   auto* import_cmd = app.add_subcommand("import", "Draft a trial file from a ClinicalTrials.gov record (API v2 study JSON, or a corpus JSONL line)");
   import_cmd->add_option("record", o.record_path, "Record file")->required();
   import_cmd->add_option("--out", o.out_path, "Write the trial file here (default: standard output)");

   auto* coverage_cmd = app.add_subcommand("coverage", "Count criterion lines per trial: compiled or manual review, by kind");
   coverage_cmd->add_option("FILE_OR_DIR", o.coverage_inputs, "Trial files or folders")->required();
   add_format(coverage_cmd);

   auto* compile_cmd = app.add_subcommand("compile", "Compile trial files and report errors, warnings and manual-review counts");
   compile_cmd->add_option("FILE_OR_DIR", o.compile_inputs, "Trial files or folders")->required();
   add_format(compile_cmd);

   auto* batch_cmd =
       app.add_subcommand("batch", "Screen many patients (NDJSON, folders of files, or - for stdin) against every trial; one row per patient x trial");
   batch_cmd->add_option("INPUT", o.batch.inputs, "NDJSON files (one patient per line, native or FHIR), folders of patient files, or - for stdin")->required();
   batch_cmd->add_option("--trials", o.trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   add_date(batch_cmd);
   batch_cmd->add_option("--out", o.out_path, "Write the rows here (complete or absent: put in place only when the run has finished); default standard output");
   batch_cmd->add_option("--format", o.batch_format, "Row format")->check(CLI::IsMember({"ndjson", "csv"}))->capture_default_str();
   batch_cmd->add_option("--threads", o.batch_threads, "Worker threads (default: all cores)")->check(CLI::Range(1u, 256u))->capture_default_str();
   batch_cmd->add_flag("--only-eligible", o.batch.only_eligible, "Write only the eligible rows (and error rows)");
   batch_cmd->add_flag("--near-miss", o.batch.near_miss,
                       "Test ineligible verdicts for near misses: flag and distance in the rows, a count per trial in the summary");
   batch_cmd->add_flag("--explain", o.batch.explain, "Rows also name the data to collect in words (`missing`); by default rows name criteria by id only");
   batch_cmd->add_flag("--reference", o.batch.reference,
                       "Screen with the tree evaluator only, not the trials' compiled programs (the rows are the same; for checking and timing)");
   batch_cmd->add_flag("--no-progress", o.no_progress, "Never show the progress line (it is shown only when stderr is a terminal)");

   auto* synth_cmd = app.add_subcommand("synth", "Generate synthetic patients: a regression suite per trial, or a population (NDJSON)");
   synth_cmd->add_option("TRIAL", o.trial_arg, "Trial id (looked up in --trials), a .trial file, or a folder (one suite per trial)");
   synth_cmd->add_option("--trials", o.trials_dir, "Folder of .trial files")->capture_default_str();
   synth_cmd->add_option("--out", o.out_path,
                         "Suite folder (default patients/synthetic/<trial id>; for a folder of trials, one sub-folder per trial under it); "
                         "with --population, the NDJSON file (default: standard output)");
   synth_cmd->add_option("--seed", o.seed, "Seed: the same seed gives byte-identical output")->capture_default_str();
   synth_cmd->add_option("--population", o.population, "Write N realistic HCC patients as NDJSON (docs/synthetic.md)");
   synth_cmd
       ->add_option("--format", o.synth_format,
                    "Population format: ndjson, or omop (OMOP CDM v5.4 CSV files, their vocabulary subset and load.sql in the --out folder; docs/omop.md)")
       ->check(CLI::IsMember({"ndjson", "omop"}))
       ->capture_default_str();

   auto* export_cmd =
       app.add_subcommand("export", "Write patients (files, folders, NDJSON; native or FHIR) as OMOP CDM v5.4 tables with load.sql (docs/omop.md)");
   export_cmd->add_option("INPUT", o.export_inputs, "Patient files, folders of them, or NDJSON files")->required();
   export_cmd->add_option("--out", o.out_path, "Folder to write the tables into")->required();

   auto* sql_cmd = app.add_subcommand("sql", "Compile trials into one SQL script over an OMOP CDM v5.4 database (PostgreSQL; docs/omop.md)");
   sql_cmd->add_option("TRIAL_OR_DIR", o.sql_inputs, "Trial files or folders of .trial files (default: --trials)");
   sql_cmd->add_option("--trials", o.trials_dir, "Folder of .trial files, when no TRIAL_OR_DIR is given")->capture_default_str();
   sql_cmd->add_option("--schema", o.sql_schema, "Schema of the CDM tables (person, measurement, death …); default: the search path");
   sql_cmd->add_option("--vocab-schema", o.sql_vocab_schema, "Schema of the vocabulary tables (concept); default: --schema");
   sql_cmd->add_option("--results-schema", o.sql_results_schema, "Schema the script writes its tables into (it must exist); default: the search path");
   sql_cmd->add_flag("--complete-history", o.sql_complete_history,
                     "Take a person's records as the whole history when an observation period covers the screening date, so that "
                     "no record of a fact means none (default: an absence is unknown)");
   sql_cmd->add_option("--date", o.date_opt, "Screening date YYYY-MM-DD (default: today)");
   sql_cmd->add_option("--out", o.out_path, "Write the script here (complete or absent); default standard output");

   auto* regress_cmd = app.add_subcommand("regress", "Run stored cases (patients with an expected result) against the trials; exit 1 on any difference");
   regress_cmd->add_option("DIR", o.regress_inputs, "Case files or folders (default: patients/synthetic)");
   regress_cmd->add_option("--trials", o.trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   regress_cmd->add_flag("--failures-only", o.failures_only, "Print only the cases that differ (and the summary)");
   add_format(regress_cmd);

   auto* serve_cmd = app.add_subcommand("serve", "Serve the investigator's page and the JSON API over HTTP (docs/server.md)");
   serve_cmd->add_option("--port", o.serve.port, "Port (0: any free port; the address is printed when listening)")
       ->check(CLI::Range(0, 65535))
       ->capture_default_str();
   serve_cmd->add_option("--bind", o.serve.bind, "Address to listen on (loopback by default; 0.0.0.0 for every interface)")->capture_default_str();
   serve_cmd->add_option("--trials", o.trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   serve_cmd->add_option("--body-limit", o.body_limit_mb, "Largest request body in MB (413 past it)")->check(CLI::Range(0.001, 64.0))->capture_default_str();
   serve_cmd->add_option("--timeout", o.serve.read_timeout_s, "Seconds a client may stay silent mid-request before it is dropped")
       ->check(CLI::Range(1, 300))
       ->capture_default_str();
   serve_cmd->add_option("--threads", o.serve.threads, "Most worker threads, one per open connection (default 256)")->check(CLI::Range(1u, 1024u));
   serve_cmd->add_option("--token-file", o.token_file, "File whose first line is the token every /api/ call must send as 'Authorization: Bearer TOKEN'")
       ->check(CLI::ExistingFile);
   serve_cmd->add_option("--allow-host", o.serve.allowed_hosts,
                         "A name the Host header may carry besides the bound address (repeat it; e.g. the reverse proxy's name)");

   auto* convert_cmd = app.add_subcommand("convert", "Convert a value between units");
   convert_cmd->add_option("VALUE", o.value_text, "The value")->required();
   convert_cmd->add_option("UNIT", o.unit_text, "Its unit, e.g. mg/dL")->required();
   convert_cmd->add_option("--to", o.to_unit, "Target unit")->required();
   convert_cmd->add_option("--analyte", o.analyte_name, "Analyte (for its molar mass and unit spellings)");
   add_format(convert_cmd);
}

}  // namespace eligo::cli
