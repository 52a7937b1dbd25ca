// The JSON of a trial's result, of a predicate tree and of a trial file's compile result:
// the parts the documents of docs/cli.md are built from.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

namespace eligo {

nlohmann::ordered_json to_json(const TrialResult& r);
nlohmann::ordered_json to_json(const Predicate& p);  // the predicate tree
nlohmann::ordered_json to_json(const CompileResult& r);
// A combination's "group" ("all", "any") and "parts" (each {result, why}, and group and parts
// again for a combination); nothing for a single test.
void add_parts(nlohmann::ordered_json& j, const Outcome& o);

}  // namespace eligo
