// eligo profile (docs/cli.md): the patient as the engine read it.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// eligo profile: the normalised patient as the engine evaluates it, and what was read but not used.
nlohmann::ordered_json profile_json(const Patient& p, const Date& date);
void print_profile_text(std::ostream& out, const nlohmann::ordered_json& profile);

}  // namespace eligo
