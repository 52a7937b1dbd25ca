// Reading the catalogue's JSON files: one parse, one error shape, for every file of engine/catalogue/.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace eligo {

// Parses a catalogue file's text; malformed JSON is a CatalogueError naming `file`.
nlohmann::json parse_catalogue_json(const std::string& text, const char* file);

// Reads groups of words ({"words": [...], "reason": "..."} under each name) into their sets: each group must be there with
// its reason; words are lower-case letters and digits only (a note is split at every other character), never a number
// (numbers are checked apart), and none is listed twice in a group. Throws CatalogueError naming `file` and the group.
void read_word_groups(const nlohmann::json& doc, const char* file, std::initializer_list<std::pair<const char*, std::set<std::string>*>> groups);

}  // namespace eligo
