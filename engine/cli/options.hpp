// The eligo command line's options (docs/cli.md): every subcommand, its arguments, their
// defaults and help text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/batch/batch.hpp"
#include "engine/server/server.hpp"

namespace eligo::cli {

// What the command line said. Several subcommands share an option's variable (--format,
// --trials, --date, --out, PATIENT, TRIAL): only one subcommand runs.
struct Options {
   Options();

   std::string catalogue_dir;
   std::string patient_path, trials_dir, date_opt, format = "text", trial_arg, criterion_text, to_unit, analyte_name, value_text, unit_text;
   std::string eval_condition, eval_section;  // eval: the trial's condition and the criterion's section, as a trial file would give them
   std::vector<std::string> compile_inputs;
   std::string record_path, out_path;
   std::vector<std::string> coverage_inputs;
   std::vector<std::string> audit_inputs;
   BatchOptions batch;
   std::string batch_format = "ndjson";
   unsigned batch_threads;
   bool no_progress = false;
   std::uint64_t seed = 1;
   std::size_t population = 0;
   std::string synth_format = "ndjson";
   std::vector<std::string> sql_inputs, export_inputs;
   std::string sql_schema, sql_vocab_schema, sql_results_schema;
   bool sql_complete_history = false;
   std::vector<std::string> regress_inputs;
   bool failures_only = false;
   ServeOptions serve;
   double body_limit_mb = 5;
   std::string token_file;
};

// Adds the version flag, the global options and every subcommand to `app`, bound to `o`.
void define_options(CLI::App& app, Options& o);

}  // namespace eligo::cli
