// Dispatch: each subcommand reads the inputs its options name and calls the library that
// does the work.
#include "engine/cli/commands.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/batch/audit.hpp"
#include "engine/batch/batch.hpp"
#include "engine/batch/batch_file.hpp"
#include "engine/batch/record_stream.hpp"
#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/binder.hpp"
#include "engine/compile/load.hpp"
#include "engine/core/date.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/import/import_file.hpp"
#include "engine/omop/omop_export.hpp"
#include "engine/omop/sql_script.hpp"
#include "engine/patient/patient.hpp"
#include "engine/report/compile_report.hpp"
#include "engine/report/convert_report.hpp"
#include "engine/report/criterion_compile.hpp"
#include "engine/report/profile.hpp"
#include "engine/report/questionnaire.hpp"
#include "engine/report/screen_report.hpp"
#include "engine/server/access.hpp"
#include "engine/server/serve_process.hpp"
#include "engine/synth/population.hpp"
#include "engine/synth/regress.hpp"
#include "engine/synth/suite_files.hpp"

namespace eligo::cli {

namespace {

struct Context {
   const Options& o;
   std::shared_ptr<const Catalogue> catalogue;
   const CatalogueLexicon& lexicon;
   bool json() const { return o.format == "json"; }
};

void print_json(const nlohmann::ordered_json& j) { eligo::print_json(std::cout, j); }

Date parse_date_option(const std::string& option)
{
   auto d = parse_date(option);
   if (!d) throw UsageError("--date: not a date: '" + option + "' (expected YYYY-MM-DD, a day that exists)");
   return *d;
}

// --date, else the patient's screening date, else today.
Date screening_date(const std::string& option, const Patient& p)
{
   if (!option.empty()) return parse_date_option(option);
   return p.screening_date.value_or(today());
}

int screen_command(const Context& c)
{
   const std::vector<Trial> trials = load_trials(c.o.trials_dir, c.lexicon);
   const Patient patient = read_patient_file(c.o.patient_path, *c.catalogue);
   report_screen(std::cout, trials, patient, screening_date(c.o.date_opt, patient), *c.catalogue, c.json());
   return 0;
}

int check_command(const Context& c)
{
   // A trial id used by several files: the first, in file order.
   const Trial trial = std::move(find_trial(c.o.trial_arg, c.o.trials_dir, c.lexicon).front());
   const Patient patient = read_patient_file(c.o.patient_path, *c.catalogue);
   report_check(std::cout, trial, patient, screening_date(c.o.date_opt, patient), *c.catalogue, c.json());
   return 0;
}

int eval_command(const Context& c)
{
   const Concept* condition = nullptr;
   if (!c.o.eval_condition.empty()) {
      condition = c.catalogue->concept_(c.o.eval_condition);
      if (!condition || condition->kind != ConceptKind::condition)
         throw UsageError("--condition: '" + c.o.eval_condition + "' is not a condition in concepts.json");
   }
   const Section section = c.o.eval_section == "inclusion" ? Section::inclusion : c.o.eval_section == "exclusion" ? Section::exclusion : Section::none;
   const CriterionCompile cc = compile_criterion_text(c.o.criterion_text, c.lexicon, section, condition);
   if (!cc.predicate) {
      std::cerr << "eligo: " << Location::text("<criterion>", 1, cc.column).str() << ": " << cc.error << "\n" << cc.caret << "\n";
      return 1;
   }
   for (const auto& w : cc.warnings) std::cerr << "eligo: warning: " << w.message << "\n";
   const Patient patient = read_patient_file(c.o.patient_path, *c.catalogue);
   std::vector<const Concept*> own;
   if (condition) own.push_back(condition);
   report_eval(std::cout, *cc.predicate, patient, screening_date(c.o.date_opt, patient), *c.catalogue, c.json(), cc.unread, cc.notes, own);
   return 0;
}

int questions_command(const Context& c)
{
   const Trial trial = std::move(find_trial(c.o.trial_arg, c.o.trials_dir, c.lexicon).front());
   if (c.o.format == "fhir")
      print_json(questionnaire_json(trial));
   else
      print_questionnaire_text(std::cout, trial);
   return 0;
}

int profile_command(const Context& c)
{
   const Patient patient = read_patient_file(c.o.patient_path, *c.catalogue);
   const nlohmann::ordered_json j = profile_json(patient, screening_date(c.o.date_opt, patient));
   if (c.json())
      print_json(j);
   else
      print_profile_text(std::cout, j);
   return 0;
}

int audit_command(const Context& c)
{
   const std::vector<Trial> trials = load_trials(c.o.trials_dir, c.lexicon);
   const nlohmann::ordered_json j = audit_population(c.o.audit_inputs, trials, c.o.trials_dir, *c.catalogue);
   if (c.json())
      print_json(j);
   else
      print_audit_text(std::cout, j);
   return 0;
}

int import_command(const Context& c)
{
   import_file(c.o.record_path, c.o.out_path, c.lexicon, std::cout, std::cerr);
   return 0;
}

int coverage_command(const Context& c)
{
   report_coverage(std::cout, c.o.coverage_inputs, c.lexicon, c.json());
   return 0;
}

int compile_command(const Context& c)
{
   const bool ok = report_compile(std::cout, c.o.compile_inputs, c.lexicon, c.json());
   if (!ok) std::cerr << "eligo: compile errors\n";
   return ok ? 0 : 1;
}

int batch_command(const Context& c)
{
   BatchOptions batch = c.o.batch;
   if (!c.o.date_opt.empty()) batch.date = parse_date_option(c.o.date_opt);
   batch.format = c.o.batch_format;
   batch.threads = c.o.batch_threads;
   batch.progress = isatty(STDERR_FILENO) && !c.o.no_progress;
   const std::vector<Trial> trials = load_trials(c.o.trials_dir, c.lexicon);
   BatchSummary s;
   if (c.o.out_path.empty()) {
      std::ios::sync_with_stdio(false);
      s = run_batch(batch, trials, *c.catalogue, std::cout, std::cerr);
   }
   else
      s = run_batch_file(batch, trials, *c.catalogue, c.o.out_path, std::cerr);
   print_batch_summary(std::cerr, s, trials, batch.threads, batch.near_miss);
   return 0;
}

int serve_command(const Context& c)
{
   ServeOptions serve = c.o.serve;
   serve.body_limit = static_cast<std::size_t>(c.o.body_limit_mb * 1024 * 1024);
   serve.write_timeout_s = serve.read_timeout_s;
   if (!c.o.token_file.empty()) serve.token = read_token_file(c.o.token_file);
   block_stop_signals();
   std::vector<Trial> trials = load_trials(c.o.trials_dir, c.lexicon);
   return serve_until_stopped(std::move(trials), c.catalogue, serve, c.o.trials_dir, std::cout, std::cerr) ? 0 : 1;
}

// The population as OMOP CDM tables: each patient is read as eligo batch reads it, then written as OMOP rows.
int synth_omop(const Context& c)
{
   const Options& o = c.o;
   if (o.out_path.empty()) throw UsageError("synth --format omop: give the folder to write with --out");
   std::stringstream population;
   write_population(population, o.population, o.seed, *c.catalogue);
   omop::OmopExport out(*c.catalogue);
   std::string line;
   for (std::size_t n = 1; std::getline(population, line); ++n) out.add(read_patient(line, "population line " + std::to_string(n), *c.catalogue));
   out.write(o.out_path);
   std::cerr << "eligo synth: " << out.persons() << " patients (seed " << o.seed << ") as OMOP CDM v5.4 tables -> " << o.out_path
             << "/ (load.sql loads them)\n";
   for (const auto& [what, n] : out.not_exported()) std::cerr << "  not written (no place in these tables): " << what << ": " << n << " patients\n";
   return 0;
}

// Patient records as OMOP tables. A record that cannot be read is reported with where it is and skipped; the rest go on.
int export_command(const Context& c)
{
   omop::OmopExport out(*c.catalogue);
   std::size_t bad = 0;
   auto add = [&](const std::function<Patient()>& read, const std::string& where) {
      try {
         out.add(read());
      }
      catch (const std::exception& e) {
         ++bad;
         const std::string what = e.what();
         std::cerr << "eligo export: " << (what.rfind(where, 0) == 0 ? what : where + ": " + what) << " (skipped)\n";
      }
   };
   // A .json file named on the command line is one patient (as in a folder); other files are NDJSON.
   std::vector<std::string> streams;
   for (const auto& in : c.o.export_inputs)
      if (std::filesystem::is_regular_file(in) && std::filesystem::path(in).extension() == ".json")
         add([&] { return read_patient_file(in, *c.catalogue); }, in);
      else
         streams.push_back(in);
   if (!streams.empty()) {
      RecordInputs inputs(streams);
      std::vector<RecordText> chunk;
      while (inputs.fill(chunk, 256, 64 * 1024 * 1024))
         for (const RecordText& r : chunk)
            add(
                [&] {
                   if (!r.error.empty()) throw InputError(r.error);
                   return read_patient(std::string(r.text()), r.source(), *c.catalogue);
                },
                r.source());
   }
   out.write(c.o.out_path);
   std::cerr << "eligo export: " << out.persons() << (out.persons() == 1 ? " patient" : " patients") << " as OMOP CDM v5.4 tables -> " << c.o.out_path
             << "/ (load.sql loads them)";
   if (bad) std::cerr << "; " << bad << " records could not be read";
   std::cerr << "\n";
   for (const auto& [what, n] : out.not_exported()) std::cerr << "  not written (no place in these tables): " << what << ": " << n << " patients\n";
   return bad ? 1 : 0;
}

int sql_command(const Context& c)
{
   const Options& o = c.o;
   std::vector<Trial> trials;
   const std::vector<std::string> inputs = o.sql_inputs.empty() ? std::vector<std::string>{o.trials_dir} : o.sql_inputs;
   for (const auto& in : inputs)
      for (Trial& t : load_trials(in, c.lexicon)) trials.push_back(std::move(t));
   std::vector<const Trial*> list;
   for (const Trial& t : trials) list.push_back(&t);
   omop::SqlOptions so;
   so.cdm_schema = o.sql_schema;
   so.vocab_schema = o.sql_vocab_schema;
   so.results_schema = o.sql_results_schema;
   so.complete_history = o.sql_complete_history;
   so.date = o.date_opt.empty() ? today() : parse_date_option(o.date_opt);
   const omop::SqlScript script = omop::sql_script(list, *c.catalogue, so);
   if (o.out_path.empty())
      std::cout << script.text;
   else {
      AtomicFile f(o.out_path);
      f.stream() << script.text;
      f.commit();
   }
   std::set<std::string> open;
   for (const auto& g : script.gaps) open.insert(g.criterion);
   std::cerr << "eligo sql: " << trials.size() << (trials.size() == 1 ? " trial, " : " trials, ") << script.criteria << " criteria; " << open.size()
             << " hold a part the script cannot express yet (NULL; listed in the script and in eligo_criterion)\n";
   return 0;
}

int synth_command(const Context& c)
{
   const Options& o = c.o;
   if (o.population > 0) {
      if (!o.trial_arg.empty()) throw UsageError("synth: give a TRIAL or --population, not both");
      if (o.synth_format == "omop") return synth_omop(c);
      if (o.out_path.empty()) {
         write_population(std::cout, o.population, o.seed, *c.catalogue);
         return 0;
      }
      write_population_file(o.out_path, o.population, o.seed, *c.catalogue);
      std::cerr << "eligo synth: " << o.population << " patients (seed " << o.seed << ") -> " << o.out_path << "\n";
      return 0;
   }
   if (o.trial_arg.empty()) throw UsageError("synth: give a TRIAL (id, .trial file or folder) or --population N");
   const bool folder = std::filesystem::is_directory(o.trial_arg);
   const std::vector<Trial> trials = folder ? load_trials(o.trial_arg, c.lexicon) : find_trial(o.trial_arg, o.trials_dir, c.lexicon);
   write_suites(trials, folder, o.out_path, *c.catalogue, o.seed, std::cerr);
   return 0;
}

int regress_command(const Context& c)
{
   std::vector<std::string> inputs = c.o.regress_inputs;
   if (inputs.empty()) inputs.push_back("patients/synthetic");
   const std::vector<Trial> trials = load_trials(c.o.trials_dir, c.lexicon);
   const RegressReport rep = regress(inputs, trials, *c.catalogue);
   if (c.json())
      print_json(regress_json(rep));
   else
      print_regress_text(std::cout, rep, c.o.failures_only);
   return rep.failed() == 0 ? 0 : 1;
}

int convert_command(const Context& c)
{
   const std::string& text = c.o.value_text;
   std::size_t used = 0;
   double value = 0;
   try {
      value = std::stod(text, &used);
   }
   catch (const std::exception&) {
      used = 0;
   }
   if (used != text.size() || !std::isfinite(value)) throw UsageError("VALUE: not a number: '" + text + "'");
   report_conversion(std::cout, text, value, c.o.unit_text, c.o.to_unit, c.o.analyte_name, *c.catalogue, c.json());
   return 0;
}

}  // namespace

int run_command(const std::string& name, const Options& options)
{
   static const std::map<std::string, int (*)(const Context&)> commands = {
       {"screen", screen_command}, {"check", check_command},         {"eval", eval_command},       {"profile", profile_command},
       {"import", import_command}, {"coverage", coverage_command},   {"compile", compile_command}, {"batch", batch_command},
       {"serve", serve_command},   {"synth", synth_command},         {"regress", regress_command}, {"convert", convert_command},
       {"audit", audit_command},   {"questions", questions_command}, {"sql", sql_command},         {"export", export_command}};
   auto catalogue = options.catalogue_dir.empty() ? Catalogue::builtin() : Catalogue::from_directory(options.catalogue_dir);
   const CatalogueLexicon lexicon(catalogue);
   return commands.at(name)(Context{options, catalogue, lexicon});
}

}  // namespace eligo::cli
