// support_note_words.json: the words that decide how a note on transfusion or growth-factor
// support after a blood count is read (docs/language.md, "Support for a blood count").
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"

namespace eligo {

SupportNoteWords read_support_note_words(const std::string& text)
{
   using nlohmann::json;
   const json doc = parse_catalogue_json(text, "support_note_words.json");
   SupportNoteWords out;
   const std::pair<const char*, std::set<std::string>*> groups[] = {
       {"permission", &out.permission}, {"support", &out.support}, {"count", &out.count},         {"permission_context", &out.permission_context},
       {"absence", &out.absence},       {"time", &out.time},       {"time_unit", &out.time_unit}, {"restriction_context", &out.restriction_context}};
   for (const auto& [name, words] : groups) {
      const Location where = Location::entry("support_note_words.json", name);
      if (!doc.is_object() || !doc.contains(name) || !doc.at(name).is_object() || !doc.at(name).contains("words") || !doc.at(name).at("words").is_array())
         throw CatalogueError(where, std::string("expected an object \"") + name + "\" with an array \"words\"");
      const json& group = doc.at(name);
      if (!group.contains("reason") || !group.at("reason").is_string() || group.at("reason").get<std::string>().empty())
         throw CatalogueError(where, "each group needs \"reason\", a sentence saying why");
      for (const auto& entry : group.at("words")) {
         // A note is split into words at every character that is not a letter or digit, and lower-cased.
         const std::string w = entry.is_string() ? entry.get<std::string>() : std::string();
         const bool word = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
         });
         if (!word) throw CatalogueError(where, "words are lower-case letters and digits only ('g-csf' is the two words 'g' and 'csf')");
         // A number is never a word here: the reading checks numbers itself (a time, or the count's own threshold).
         if (std::isdigit(static_cast<unsigned char>(w.front()))) throw CatalogueError(where, "'" + w + "': numbers are checked apart, never listed");
         if (!words->insert(w).second) throw CatalogueError(where, "'" + w + "' is listed twice");
      }
   }
   // A word that says support is absent must not also permit it.
   for (const auto& w : out.absence)
      if (out.permission.count(w)) throw CatalogueError(Location::entry("support_note_words.json", "absence"), "'" + w + "' is also a permission word");
   return out;
}

}  // namespace eligo
