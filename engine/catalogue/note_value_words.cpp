// note_value_words.json: the words that make a note the reading does not use a value the line depends on (a stage,
// class or grade; a phase; a part of the study), so that the line is manual review (docs/language.md, "Accounting of
// words"; engine/compile/unread_words.cpp).
#include <string>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"

namespace eligo {

NoteValueWords read_note_value_words(const std::string& text)
{
   const nlohmann::json doc = parse_catalogue_json(text, "note_value_words.json");
   NoteValueWords out;
   read_word_groups(doc, "note_value_words.json",
                    {{"scale", &out.scale},
                     {"stage", &out.stage},
                     {"state", &out.state},
                     {"bridge", &out.bridge},
                     {"study_part", &out.study_part},
                     {"labelled_part", &out.labelled_part},
                     {"phase", &out.phase}});
   return out;
}

}  // namespace eligo
