// The string member of a JSON object, as the record readers take a text field (engine/patient/*.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace eligo {

// The string member `key` of an object, or "" when it is absent or not a string.
inline std::string text_of(const nlohmann::json& o, const char* key)
{
   auto it = o.find(key);
   return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace eligo
