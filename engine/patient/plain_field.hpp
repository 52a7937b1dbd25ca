// An element of a native record named in a clinician's words, for an error's `plain` (engine/patient/plain_field.cpp).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "engine/catalogue/catalogue.hpp"

namespace eligo {

// "labs[2].date" -> "Total bilirubin, the date"; "" for a top-level field ("birth_date"), which is a word already.
std::string plain_field(const nlohmann::json& doc, const std::string& path, const Catalogue& catalogue);

}  // namespace eligo
