// The eligo command line. The contract (commands, options, exit codes, JSON
// shapes) is in docs/cli.md; other tools depend on it.
//
// Exit codes: 0 the command ran (whatever the verdicts); 1 an input could not
// be used (reason on stderr); 2 usage error.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <fstream>
#include <set>
#include <sstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "grammar/parse_criterion.hpp"
#include "engine/compile/binder.hpp"
#include "engine/import/importer.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/batch/batch.hpp"
#include "engine/report/report.hpp"
#include "engine/server/server.hpp"
#include "engine/synth/generator.hpp"
#include "engine/synth/population.hpp"
#include "engine/synth/regress.hpp"
#include "engine/synth/suite_files.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

#ifndef ELIGO_VERSION
#define ELIGO_VERSION "0.0.0"
#endif
#ifndef ELIGO_RULES_DIR
#define ELIGO_RULES_DIR "rules"
#endif

namespace {

using namespace eligo;
using json = nlohmann::ordered_json;

struct UsageError : std::runtime_error {
   using std::runtime_error::runtime_error;
};

std::string default_rules_dir()
{
   // The bundled rules/: beside the working directory, else the source tree this binary was built from.
   if (std::filesystem::is_directory("rules")) return "rules";
   return ELIGO_RULES_DIR;
}

Date screening_date(const std::string& option, const Patient& p)
{
   if (!option.empty()) {
      auto d = parse_date(option);
      if (!d) throw UsageError("--date: not a date: '" + option + "' (expected YYYY-MM-DD, a day that exists)");
      return *d;
   }
   return p.screening_date.value_or(today());
}

std::vector<Trial> load_trials(const std::string& file_or_dir, const CatalogueLexicon& lx)
{
   std::vector<Trial> trials;
   std::vector<std::string> errors;
   if (!std::filesystem::exists(file_or_dir)) throw InputError(file_or_dir + ": no such file or directory");
   const auto files = trial_files(file_or_dir);
   for (const auto& f : files) {
      CompileResult r = compile_trial_file(f, lx);
      for (const auto& e : r.errors) errors.push_back(e.str());
      if (r.trial) trials.push_back(std::move(*r.trial));
   }
   if (!errors.empty()) {
      std::string msg = "trial files do not compile (run 'eligo compile " + file_or_dir + "'):";
      for (const auto& e : errors) msg += "\n" + e;
      throw InputError(msg);
   }
   if (trials.empty()) throw InputError(file_or_dir + ": no .trial files");
   return trials;
}

void print_json(const json& j) { std::cout << j.dump(2) << "\n"; }

}  // namespace

int main(int argc, char** argv)
{
   CLI::App app{"Eligo: clinical-trial eligibility screening.\nCriteria are compiled from registry wording; patients are checked with three-valued logic."};
   app.set_version_flag("--version", std::string("eligo ") + ELIGO_VERSION);
   app.require_subcommand(1);
   std::string catalogue_dir;
   app.add_option("--catalogue", catalogue_dir, "Read analytes.json, scores.json and concepts.json from DIR instead of the built-in catalogue");

   std::string patient_path, trials_dir = default_rules_dir(), date_opt, format = "text", trial_arg, criterion_text, to_unit, analyte_name, value_text,
                             unit_text;
   std::vector<std::string> compile_inputs;
   auto add_format = [&](CLI::App* c) { c->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str(); };
   auto add_date = [&](CLI::App* c) { c->add_option("--date", date_opt, "Screening date YYYY-MM-DD (default: the patient's screening_date, else today)"); };

   auto* screen_cmd = app.add_subcommand("screen", "Screen one patient against every trial in a folder");
   screen_cmd->add_option("PATIENT", patient_path, "Patient JSON file")->required();
   screen_cmd->add_option("--trials", trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   add_date(screen_cmd);
   add_format(screen_cmd);

   auto* check_cmd = app.add_subcommand("check", "Check one patient against one trial, criterion by criterion");
   check_cmd->add_option("TRIAL", trial_arg, "Trial id (looked up in --trials) or a .trial file")->required();
   check_cmd->add_option("PATIENT", patient_path, "Patient JSON file")->required();
   check_cmd->add_option("--trials", trials_dir, "Folder of .trial files")->capture_default_str();
   add_date(check_cmd);
   add_format(check_cmd);

   auto* eval_cmd = app.add_subcommand("eval", "Evaluate one criterion text against a patient");
   eval_cmd->add_option("CRITERION", criterion_text, "Criterion text, e.g. 'PLT ≥ 75×10^9/L'")->required();
   eval_cmd->add_option("PATIENT", patient_path, "Patient JSON file")->required();
   add_date(eval_cmd);
   add_format(eval_cmd);

   auto* profile_cmd = app.add_subcommand("profile", "Show the normalised patient profile the engine evaluates, and what was read but not used");
   profile_cmd->add_option("patient", patient_path, "Patient file (native JSON or FHIR R4 Bundle)")->required();
   add_date(profile_cmd);
   add_format(profile_cmd);

   std::string record_path, out_path;
   auto* import_cmd = app.add_subcommand("import", "Draft a trial file from a ClinicalTrials.gov record (API v2 study JSON, or a corpus JSONL line)");
   import_cmd->add_option("record", record_path, "Record file")->required();
   import_cmd->add_option("--out", out_path, "Write the trial file here (default: standard output)");

   std::vector<std::string> coverage_inputs;
   auto* coverage_cmd = app.add_subcommand("coverage", "Count criterion lines per trial: compiled or manual review, by kind");
   coverage_cmd->add_option("FILE_OR_DIR", coverage_inputs, "Trial files or folders")->required();
   add_format(coverage_cmd);

   auto* compile_cmd = app.add_subcommand("compile", "Compile trial files and report errors, warnings and manual-review counts");
   compile_cmd->add_option("FILE_OR_DIR", compile_inputs, "Trial files or folders")->required();
   add_format(compile_cmd);

   BatchOptions batch;
   std::string batch_format = "ndjson";
   unsigned batch_threads = std::max(1u, std::thread::hardware_concurrency());
   auto* batch_cmd = app.add_subcommand("batch", "Screen many patients (NDJSON, folders of files, or - for stdin) against every trial; one row per patient x trial");
   batch_cmd->add_option("INPUT", batch.inputs, "NDJSON files (one patient per line, native or FHIR), folders of patient files, or - for stdin")->required();
   batch_cmd->add_option("--trials", trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   add_date(batch_cmd);
   batch_cmd->add_option("--out", out_path, "Write the rows here (complete or absent: put in place only when the run has finished); default standard output");
   batch_cmd->add_option("--format", batch_format, "Row format")->check(CLI::IsMember({"ndjson", "csv"}))->capture_default_str();
   batch_cmd->add_option("--threads", batch_threads, "Worker threads (default: all cores)")->check(CLI::Range(1u, 256u))->capture_default_str();
   batch_cmd->add_flag("--only-eligible", batch.only_eligible, "Write only the eligible rows (and error rows)");
   bool no_progress = false;
   batch_cmd->add_flag("--no-progress", no_progress, "Never show the progress line (it is shown only when stderr is a terminal)");

   std::uint64_t seed = 1;
   std::size_t population = 0;
   auto* synth_cmd = app.add_subcommand("synth", "Generate synthetic patients: a regression suite per trial, or a population (NDJSON)");
   synth_cmd->add_option("TRIAL", trial_arg, "Trial id (looked up in --trials), a .trial file, or a folder (one suite per trial)");
   synth_cmd->add_option("--trials", trials_dir, "Folder of .trial files")->capture_default_str();
   synth_cmd->add_option("--out", out_path,
                         "Suite folder (default patients/synthetic/<trial id>; for a folder of trials, one sub-folder per trial under it); "
                         "with --population, the NDJSON file (default: standard output)");
   synth_cmd->add_option("--seed", seed, "Seed: the same seed gives byte-identical output")->capture_default_str();
   synth_cmd->add_option("--population", population, "Write N realistic HCC patients as NDJSON (docs/synthetic.md)");

   std::vector<std::string> regress_inputs;
   bool failures_only = false;
   auto* regress_cmd = app.add_subcommand("regress", "Run stored cases (patients with an expected result) against the trials; exit 1 on any difference");
   regress_cmd->add_option("DIR", regress_inputs, "Case files or folders (default: patients/synthetic)");
   regress_cmd->add_option("--trials", trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   regress_cmd->add_flag("--failures-only", failures_only, "Print only the cases that differ (and the summary)");
   add_format(regress_cmd);

   ServeOptions serve;
   double body_limit_mb = 5;
   auto* serve_cmd = app.add_subcommand("serve", "Serve the investigator's page and the JSON API over HTTP (docs/server.md)");
   serve_cmd->add_option("--port", serve.port, "Port (0: any free port; the address is printed when listening)")->check(CLI::Range(0, 65535))->capture_default_str();
   serve_cmd->add_option("--bind", serve.bind, "Address to listen on (loopback by default; 0.0.0.0 for every interface)")->capture_default_str();
   serve_cmd->add_option("--trials", trials_dir, "Folder (or file) of .trial files")->capture_default_str();
   serve_cmd->add_option("--body-limit", body_limit_mb, "Largest request body in MB (413 past it)")->check(CLI::Range(0.001, 64.0))->capture_default_str();
   serve_cmd->add_option("--timeout", serve.read_timeout_s, "Seconds a client may stay silent mid-request before it is dropped")->check(CLI::Range(1, 300))->capture_default_str();
   serve_cmd->add_option("--threads", serve.threads, "Most worker threads, one per open connection (default 256)")->check(CLI::Range(1u, 1024u));

   auto* convert_cmd = app.add_subcommand("convert", "Convert a value between units");
   convert_cmd->add_option("VALUE", value_text, "The value")->required();
   convert_cmd->add_option("UNIT", unit_text, "Its unit, e.g. mg/dL")->required();
   convert_cmd->add_option("--to", to_unit, "Target unit")->required();
   convert_cmd->add_option("--analyte", analyte_name, "Analyte (for its molar mass and unit spellings)");
   add_format(convert_cmd);

   try {
      app.parse(argc, argv);
   }
   catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : 2;
   }

   try {
      auto catalogue = catalogue_dir.empty() ? Catalogue::builtin() : Catalogue::from_directory(catalogue_dir);
      CatalogueLexicon lexicon(catalogue);

      if (*compile_cmd) {
         json files = json::array();
         bool failed = false;
         for (const auto& input : compile_inputs) {
            if (!std::filesystem::exists(input)) throw InputError(input + ": no such file or directory");
            for (const auto& f : trial_files(input)) {
               CompileResult r = compile_trial_file(f, lexicon);
               failed = failed || !r.errors.empty();
               if (format == "json")
                  files.push_back(to_json(r));
               else {
                  std::cout << f << ": " << (r.id.empty() ? "?" : r.id) << ": " << r.criteria << " criteria, " << r.manual << " manual review, "
                            << r.errors.size() << " error" << (r.errors.size() == 1 ? "" : "s") << ", " << r.warnings.size() << " warning"
                            << (r.warnings.size() == 1 ? "" : "s") << "\n";
                  for (const auto& d : r.errors) std::cout << "  error: " << d.str() << "\n";
                  for (const auto& d : r.warnings) std::cout << "  warning: " << d.str() << "\n";
               }
            }
         }
         if (format == "json") print_json({{"files", files}});
         if (failed) std::cerr << "eligo: compile errors\n";
         return failed ? 1 : 0;
      }

      if (*convert_cmd) {
         std::size_t used = 0;
         double value = 0;
         try {
            value = std::stod(value_text, &used);
         }
         catch (const std::exception&) {
            used = 0;
         }
         if (used != value_text.size() || !std::isfinite(value)) throw UsageError("VALUE: not a number: '" + value_text + "'");
         const Analyte* a = nullptr;
         if (!analyte_name.empty()) {
            a = catalogue->analyte(analyte_name);
            if (!a) throw InputError("unknown analyte '" + analyte_name + "'");
         }
         const Unit from = a ? a->unit(unit_text) : parse_unit(unit_text);
         const Unit to = a ? a->unit(to_unit) : parse_unit(to_unit);
         const Conversion c = convert(value, from, to, a ? a->molar_mass : std::nullopt);
         if (format == "json")
            print_json({{"value", c.value}, {"unit", to.code}});
         else {
            std::cout << value_text << " " << display_unit(from.code) << " = " << std::setprecision(10) << c.value << " " << display_unit(to.code);
            if (c.via_molar_mass) std::cout << "  (via molar mass " << c.molar_mass << " g/mol)";
            std::cout << "\n";
         }
         return 0;
      }

      if (*eval_cmd) {
         const CriterionCompile cc = compile_criterion_text(criterion_text, lexicon);
         if (!cc.predicate) {
            std::cerr << "eligo: <criterion>:1:" << cc.column << ": " << cc.error << "\n" << cc.caret << "\n";
            return 1;
         }
         const Predicate& p = *cc.predicate;
         for (const auto& w : cc.warnings) std::cerr << "eligo: warning: " << w.message << "\n";
         const Patient patient = read_patient_file(patient_path, *catalogue);
         const Date date = screening_date(date_opt, patient);
         const Outcome o = evaluate(p, EvalContext{patient, date, *catalogue, {}, std::nullopt, {}});
         if (format == "json")
            print_json(eval_json(o, p));
         else {
            std::cout << to_string(o.result) << ": " << o.why << "\n";
            if (!o.missing.empty()) {
               std::cout << "missing:";
               for (const auto& m : o.missing) std::cout << " " << m << ";";
               std::cout << "\n";
            }
            std::cout << "compiled: " << to_string(p) << "\n";
         }
         return 0;
      }

      if (*coverage_cmd) {
         std::vector<CompileResult> results;
         for (const auto& in : coverage_inputs) {
            if (!std::filesystem::exists(in)) throw InputError(in + ": no such file or directory");
            for (const auto& f : trial_files(in)) results.push_back(compile_trial_file(f, lexicon));
         }
         const json c = coverage_json(results);
         if (format == "json")
            print_json(c);
         else
            print_coverage_text(std::cout, c);
         return 0;
      }

      if (*import_cmd) {
         std::ifstream f(record_path, std::ios::binary);
         if (!f) throw InputError(record_path + ": cannot open file");
         std::ostringstream ss;
         ss << f.rdbuf();
         const ImportResult r = import_record(ss.str(), record_path, lexicon);
         if (out_path.empty())
            std::cout << r.trial_text;
         else {
            AtomicFile out(out_path);
            out.stream() << r.trial_text;
            out.commit();
         }
         std::cerr << r.id << ": " << r.criteria << " criteria, " << r.manual << " manual review" << (out_path.empty() ? "" : " -> " + out_path) << "\n";
         for (const auto& rep : r.reports) std::cerr << "eligo: report: " << rep << "\n";
         return 0;
      }

      if (*batch_cmd) {
         if (!date_opt.empty()) {
            auto d = parse_date(date_opt);
            if (!d) throw UsageError("--date: not a date: '" + date_opt + "' (expected YYYY-MM-DD, a day that exists)");
            batch.date = *d;
         }
         batch.format = batch_format;
         batch.threads = batch_threads;
         batch.progress = isatty(STDERR_FILENO) && !no_progress;
         const std::vector<Trial> trials = load_trials(trials_dir, lexicon);
         BatchSummary s;
         if (out_path.empty()) {
            std::ios::sync_with_stdio(false);
            s = run_batch(batch, trials, *catalogue, std::cout, std::cerr);
         }
         else {
            // Complete or absent, even if the run is killed (AtomicFile).
            AtomicFile out(out_path);
            s = run_batch(batch, trials, *catalogue, out.stream(), std::cerr);
            out.commit();
         }
         print_batch_summary(std::cerr, s, trials, batch.threads);
         return 0;
      }

      if (*serve_cmd) {
         serve.body_limit = static_cast<std::size_t>(body_limit_mb * 1024 * 1024);
         serve.write_timeout_s = serve.read_timeout_s;
         // SIGINT and SIGTERM are taken by one thread that stops the server; the workers never see them.
         sigset_t stop_signals;
         sigemptyset(&stop_signals);
         sigaddset(&stop_signals, SIGINT);
         sigaddset(&stop_signals, SIGTERM);
         pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
         signal(SIGPIPE, SIG_IGN);
         std::vector<Trial> trials = load_trials(trials_dir, lexicon);
         const std::size_t n = trials.size();
         Server server(std::move(trials), catalogue, serve, [](const std::string& line) { std::cerr << line << std::endl; });
         const int port = server.bind();
         std::thread waiter([&] {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            if (sig == SIGINT || sig == SIGTERM) std::cerr << "eligo serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
            server.stop();
         });
         std::cout << "eligo serve: " << n << " trials from " << trials_dir << "; listening on http://"
                   << (serve.bind.find(':') != std::string::npos ? "[" + serve.bind + "]" : serve.bind) << ":" << port << "/" << std::endl;
         const bool ran = server.run();
         // run() returns after stop(); if it failed on its own, wake the waiter so it can be joined.
         if (!ran) pthread_kill(waiter.native_handle(), SIGTERM);
         waiter.join();
         std::cerr << "eligo serve: stopped\n";
         return ran ? 0 : 1;
      }

      if (*synth_cmd) {
         if (population > 0) {
            if (!trial_arg.empty()) throw UsageError("synth: give a TRIAL or --population, not both");
            if (out_path.empty()) {
               write_population(std::cout, population, seed, *catalogue);
               return 0;
            }
            AtomicFile out(out_path);
            write_population(out.stream(), population, seed, *catalogue);
            out.commit();
            std::cerr << "eligo synth: " << population << " patients (seed " << seed << ") -> " << out_path << "\n";
            return 0;
         }
         if (trial_arg.empty()) throw UsageError("synth: give a TRIAL (id, .trial file or folder) or --population N");
         std::vector<Trial> trials;
         bool many = false;
         if (std::filesystem::is_directory(trial_arg)) {
            trials = load_trials(trial_arg, lexicon);
            many = true;
         }
         else if (std::filesystem::is_regular_file(trial_arg))
            trials = load_trials(trial_arg, lexicon);
         else {
            for (auto& t : load_trials(trials_dir, lexicon))
               if (t.id == trial_arg) trials.push_back(std::move(t));
            if (trials.empty()) throw InputError("unknown trial '" + trial_arg + "' (not in " + trials_dir + ")");
         }
         write_suites(trials, many, out_path, *catalogue, seed, std::cerr);
         return 0;
      }

      if (*regress_cmd) {
         if (regress_inputs.empty()) regress_inputs.push_back("patients/synthetic");
         const std::vector<Trial> trials = load_trials(trials_dir, lexicon);
         const RegressReport rep = regress(regress_inputs, trials, *catalogue);
         if (format == "json")
            print_json(regress_json(rep));
         else
            print_regress_text(std::cout, rep, failures_only);
         return rep.failed() == 0 ? 0 : 1;
      }

      if (*profile_cmd) {
         const Patient patient = read_patient_file(patient_path, *catalogue);
         const json j = profile_json(patient, screening_date(date_opt, patient));
         if (format == "json")
            print_json(j);
         else
            print_profile_text(std::cout, j);
         return 0;
      }

      if (*screen_cmd || *check_cmd) {
         std::vector<Trial> trials;
         if (*check_cmd && std::filesystem::is_regular_file(trial_arg))
            trials = load_trials(trial_arg, lexicon);
         else {
            trials = load_trials(trials_dir, lexicon);
            if (*check_cmd) {
               auto it = std::find_if(trials.begin(), trials.end(), [&](const Trial& t) { return t.id == trial_arg; });
               if (it == trials.end()) throw InputError("unknown trial '" + trial_arg + "' (not in " + trials_dir + ")");
               Trial one = std::move(*it);
               trials.clear();
               trials.push_back(std::move(one));
            }
         }
         const Patient patient = read_patient_file(patient_path, *catalogue);
         const Date date = screening_date(date_opt, patient);
         if (format != "json")
            for (const auto& w : patient_warnings(patient)) std::cout << "WARNING: " << w << "\n";
         std::vector<TrialResult> results;
         for (const auto& t : trials) results.push_back(screen(t, patient, date, *catalogue));
         if (*check_cmd) {
            if (format == "json")
               print_json(check_json(patient, date, results.front()));
            else {
               std::cout << "Patient " << patient.id << ", checked on " << date.str() << "\n\n";
               print_trial_text(std::cout, results.front());
            }
         }
         else if (format == "json")
            print_json(screen_json(patient, date, results));
         else
            print_screen_text(std::cout, patient, date, results);
         return 0;
      }
   }
   catch (const UsageError& e) {
      std::cerr << "eligo: " << e.what() << "\n";
      return 2;
   }
   catch (const std::exception& e) {
      std::cerr << "eligo: " << e.what() << "\n";
      return 1;
   }
   return 0;
}
