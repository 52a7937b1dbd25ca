// eligo coverage (docs/cli.md): how much of each trial compiles.
#pragma once

#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"

namespace eligo {

// eligo coverage: criterion lines per trial, compiled or manual, by kind (stable JSON, eligo-coverage/1).
nlohmann::ordered_json coverage_json(const std::vector<CompileResult>& results);
void print_coverage_text(std::ostream& out, const nlohmann::ordered_json& coverage);

}  // namespace eligo
