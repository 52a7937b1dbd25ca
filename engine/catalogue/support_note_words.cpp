// support_note_words.json: the words that decide how a note on transfusion or growth-factor
// support after a blood count is read (docs/language.md, "Support for a blood count").
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
   read_word_groups(doc, "support_note_words.json",
                    {{"permission", &out.permission},
                     {"support", &out.support},
                     {"count", &out.count},
                     {"permission_context", &out.permission_context},
                     {"absence", &out.absence},
                     {"time", &out.time},
                     {"time_unit", &out.time_unit},
                     {"restriction_context", &out.restriction_context}});
   // A word that says support is absent must not also permit it.
   for (const auto& w : out.absence)
      if (out.permission.count(w)) throw CatalogueError(Location::entry("support_note_words.json", "absence"), "'" + w + "' is also a permission word");
   return out;
}

}  // namespace eligo
