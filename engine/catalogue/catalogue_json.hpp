// Reading the catalogue's JSON files: one parse, one error shape, for every file of engine/catalogue/.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace eligo {

// Parses a catalogue file's text; malformed JSON is a CatalogueError naming `file`.
nlohmann::json parse_catalogue_json(const std::string& text, const char* file);

}  // namespace eligo
