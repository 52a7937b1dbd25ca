// What eligo compile and eligo coverage print (docs/cli.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/compile/binder.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

// Every criterion of the trial, nested ones after their parent, as eligo compile --format json lists
// them: {"line", "section", "text", "as" (when the file gives one), and "reading" (the compiled tree,
// as to_string prints it) or "manual" (the reason)}. tests/golden/rules_readings.tsv pins the readings.
nlohmann::ordered_json criterion_readings(const Trial& t);

// eligo compile: per trial file its counts, errors and warnings, as text (each file as it is
// compiled) or as {"files": [...]} with each file's criteria (criterion_readings). Returns whether
// every file compiled.
bool report_compile(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json);

// eligo coverage: criterion lines per trial, compiled or manual, by kind.
void report_coverage(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json);

}  // namespace eligo
