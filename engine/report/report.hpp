// Reports: the text a screener reads and the JSON other tools read.
// The JSON shapes are the CLI contract (docs/cli.md).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

namespace eligo {

nlohmann::ordered_json to_json(const TrialResult& r);
nlohmann::ordered_json to_json(const Predicate& p);  // the predicate tree
nlohmann::ordered_json to_json(const CompileResult& r);

void print_screen_text(std::ostream& out, const Patient& patient, const Date& date, const std::vector<TrialResult>& results);
void print_trial_text(std::ostream& out, const TrialResult& r);

// eligo profile: the normalised patient as the engine evaluates it, and what was read but not used.
nlohmann::ordered_json profile_json(const Patient& p, const Date& date);
// eligo coverage: criterion lines per trial, compiled or manual, by kind (stable JSON, eligo-coverage/1).
nlohmann::ordered_json coverage_json(const std::vector<CompileResult>& results);
void print_coverage_text(std::ostream& out, const nlohmann::ordered_json& coverage);

void print_profile_text(std::ostream& out, const nlohmann::ordered_json& profile);

// ---- the answers the CLI's --format json and the HTTP API share (docs/cli.md, docs/server.md)

// What a reader of the verdicts must know about the patient record itself (deceased, a partial bundle).
std::vector<std::string> patient_warnings(const Patient& p);
// eligo screen --format json, POST /api/screen
nlohmann::ordered_json screen_json(const Patient& patient, const Date& date, const std::vector<TrialResult>& results);
// eligo check --format json, POST /api/check/{id}
nlohmann::ordered_json check_json(const Patient& patient, const Date& date, const TrialResult& result);
// eligo eval --format json, POST /api/eval
nlohmann::ordered_json eval_json(const Outcome& outcome, const Predicate& p);

// One criterion text compiled for eval: the predicate, or the error with its column and a caret line.
struct CriterionCompile {
   std::optional<Predicate> predicate;
   std::vector<Warning> warnings;
   std::string error;        // empty when it compiled
   std::size_t column = 0;   // code-point column of the error, from 1
   std::string caret;        // "  PLT ≥ 75 mg/dL\n        ^"
};
CriterionCompile compile_criterion_text(std::string_view text, const CatalogueLexicon& lexicon);

// A trial's criteria: registry wording, machine form, notes and the compiled predicate (GET /api/trials/{id}).
nlohmann::ordered_json trial_json(const Trial& t);
// The data the trials' criteria read, for a form: labs (with the units each accepts and whether a ULN
// is needed), scores (with their labels), birth date, sex, findings and history concepts by list.
nlohmann::ordered_json trial_inputs_json(const std::vector<const Trial*>& trials, const Catalogue& catalogue);

}  // namespace eligo
