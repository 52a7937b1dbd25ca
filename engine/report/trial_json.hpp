// A trial as the page shows it (GET /api/trials/{id}) and the inputs its criteria read.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

// A trial's criteria: registry wording, machine form, notes and the compiled predicate (GET /api/trials/{id}).
nlohmann::ordered_json trial_json(const Trial& t);
// The data the trials' criteria read, for a form: labs (with the units each accepts and whether a ULN
// is needed), scores (with their labels), birth date, sex, findings and history concepts by list.
// Each lab's `unit` is the one the trials' criteria write its thresholds in (the most written), else the one
// `conventions` (the trials loaded) write it in most often, else the catalogue's first; each of its units carries
// the engine's factors into that unit and into the canonical one (docs/server.md, "GET /api/inputs").
nlohmann::ordered_json trial_inputs_json(const std::vector<const Trial*>& trials, const Catalogue& catalogue, const std::vector<const Trial*>& conventions);

}  // namespace eligo
