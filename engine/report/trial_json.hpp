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
nlohmann::ordered_json trial_inputs_json(const std::vector<const Trial*>& trials, const Catalogue& catalogue);

}  // namespace eligo
