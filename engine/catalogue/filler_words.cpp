// filler_words.json: the words the criteria grammar may skip, each with the reason, on the
// reviewed no-meaning list or reported as unread (docs/language.md, "Accounting of words").
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"

namespace eligo {

namespace {

// Words that carry the structure of a line: skipping one would change what it says.
bool structural(const std::string& key)
{
   static const std::set<std::string> words = {"no", "not", "without", "never", "or", "and", "other", "another", "nor", "neither", "unless", "except"};
   std::size_t start = 0;
   while (start <= key.size()) {
      const std::size_t end = std::min(key.find(' ', start), key.size());
      if (words.count(key.substr(start, end - start))) return true;
      start = end + 1;
   }
   return false;
}

}  // namespace

std::vector<FillerWord> read_filler_words(const std::string& text)
{
   using nlohmann::json;
   const json doc = parse_catalogue_json(text, "filler_words.json");
   std::vector<FillerWord> out;
   std::set<std::string> seen;
   for (const char* list : {"no_meaning", "unread"}) {
      if (!doc.is_object() || !doc.contains(list) || !doc.at(list).is_array())
         throw CatalogueError(Location::entry("filler_words.json", list), std::string("expected an array \"") + list + "\"");
      for (const auto& entry : doc.at(list)) {
         const Location where = Location::entry("filler_words.json", list);
         if (!entry.is_object() || !entry.contains("words") || !entry.at("words").is_array() || entry.at("words").empty())
            throw CatalogueError(where, "each entry needs \"words\", a non-empty array of strings");
         if (!entry.contains("reason") || !entry.at("reason").is_string() || entry.at("reason").get<std::string>().empty())
            throw CatalogueError(where, "each entry needs \"reason\", a sentence saying why");
         for (const auto& w : entry.at("words")) {
            if (!w.is_string() || w.get<std::string>().empty()) throw CatalogueError(where, "\"words\" holds non-empty strings only");
            const std::string key = name_key(w.get<std::string>());
            if (structural(key)) throw CatalogueError(where, "'" + w.get<std::string>() + "' carries the structure of a line and is never filler");
            if (!seen.insert(key).second) throw CatalogueError(where, "'" + w.get<std::string>() + "' is listed twice");
            out.push_back({w.get<std::string>(), entry.at("reason").get<std::string>(), std::string(list) == "no_meaning"});
         }
      }
   }
   return out;
}

}  // namespace eligo
