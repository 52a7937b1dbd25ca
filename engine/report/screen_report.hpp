// What eligo screen, eligo check and eligo eval print (docs/cli.md): the text a screener
// reads, or the JSON of report.hpp.
#pragma once

#include <ostream>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// eligo screen: the patient against every trial.
void report_screen(std::ostream& out, const std::vector<Trial>& trials, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json);

// eligo check: the patient against one trial, criterion by criterion.
void report_check(std::ostream& out, const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json);

// eligo eval: one criterion (compiled from its text) against the patient.
// `unread` and `notes`: the criterion's unread words and reading notes (CriterionCompile), shown beside the result.
// `own`: the trial's condition (eval --condition), which "other X" leaves out as a trial file's 'condition:' does.
// JSON as every command prints it: indented, invalid UTF-8 replaced rather than refused.
void print_json(std::ostream& out, const nlohmann::ordered_json& j);

void report_eval(std::ostream& out, const Predicate& p, const Patient& patient, const Date& date, const Catalogue& catalogue, bool json,
                 const std::vector<std::string>& unread = {}, const std::vector<std::string>& notes = {}, const std::vector<const Concept*>& own = {});

}  // namespace eligo
