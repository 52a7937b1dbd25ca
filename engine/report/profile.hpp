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

// Codes that named nothing in the catalogue, grouped by system (most records first), as profile and audit give them:
// [{"system", "name", "records", "codes": [{"code", "display", "list", "count"}]}].
nlohmann::ordered_json unmapped_codes_json(const std::vector<UnmappedCode>& codes);
// Prints them, one system and its codes ("patients" shown where a code has it) under `indent`.
void print_unmapped_codes(std::ostream& out, const nlohmann::ordered_json& systems, const std::string& indent);

}  // namespace eligo
