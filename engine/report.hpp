// Reports: the text a screener reads and the JSON other tools read.
// The JSON shapes are the CLI contract (docs/cli.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trial.hpp"

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

}  // namespace eligo
