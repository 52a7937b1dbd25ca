// An element of a native patient record named in a clinician's words (docs/patient-format.md, "Errors"): the page and
// the API say "Total bilirubin, the date: not a date …" where the engine's message says "labs[2].date: not a date …".
// A top-level field ("birth_date", "sex") is a word already and gets no plain name.
#include <nlohmann/json.hpp>
#include <regex>

#include "engine/patient/json_text.hpp"
#include "engine/patient/plain_field.hpp"

namespace eligo {

namespace {

using nlohmann::json;

// A field of an element in words: "value" -> "the value".
std::string field_words(const std::string& rest)
{
   static const std::pair<const char*, const char*> words[] = {
       {"value", "the value"},
       {"unit", "the unit"},
       {"date", "the date"},
       {"comparator", "the comparator"},
       {"analyte", "the analyte"},
       {"loinc", "the LOINC code"},
       {"reference_range", "the reference range"},
       {"reference_range.unit", "the reference range's unit"},
       {"concept", "the concept"},
       {"code", "the code"},
       {"status", "the status"},
       {"start", "the start date"},
       {"end", "the end date"},
       {"response", "the tumour response"},
       {"stop_reason", "the reason it was stopped"},
       {"line", "the line of therapy"},
       {"criterion", "the criterion"},
       {"answer", "the answer"},
       {"by", "who answered"},
       {"number", "the number of tumours"},
       {"size", "the largest diameter"},
   };
   if (rest.empty()) return "";
   for (const auto& [key, text] : words)
      if (rest == key) return text;
   return "the field " + rest;
}

}  // namespace

std::string plain_field(const json& doc, const std::string& path, const Catalogue& catalogue)
{
   static const std::regex element(R"(^(labs|measurements|conditions|medications|procedures|allergies|answers)\[(\d+)\](?:\.(.+))?$)");
   static const std::regex keyed(R"(^(scores|findings)\.([^.\[]+)(?:\.(.+))?$)");
   static const std::regex tumour(R"(^tumour(?:\.(.+))?$)");
   std::smatch m;
   std::string subject, rest;
   if (std::regex_match(path, m, element)) {
      const std::string list = m[1];
      const std::size_t i = std::stoul(m[2]);
      rest = m[3];
      const json* e = nullptr;
      if (auto it = doc.find(list); it != doc.end() && it->is_array() && i < it->size()) e = &(*it)[i];
      if (list == "labs" || list == "measurements") {
         const Analyte* a = nullptr;
         if (e && e->is_object()) {
            if (std::string name = text_of(*e, "analyte"); !name.empty()) a = catalogue.analyte(name);
            if (std::string code = text_of(*e, "loinc"); !a && !code.empty()) a = catalogue.analyte_by_loinc(code);
         }
         subject = a ? a->display : "Lab result " + std::to_string(i + 1);
      }
      else if (list == "answers") {
         const std::string criterion = e && e->is_object() ? text_of(*e, "criterion") : std::string();
         subject = "Answer " + std::to_string(i + 1) + (criterion.empty() ? "" : " (to " + criterion + ")");
      }
      else {
         const Concept* c = nullptr;
         if (e && e->is_object())
            if (std::string name = text_of(*e, "concept"); !name.empty()) c = catalogue.concept_(name);
         std::string item = list.substr(0, list.size() - 1);  // "medications" -> "medication"
         if (list == "allergies") item = "allergy";
         subject = c ? c->display + " (" + list + ")" : "The " + item + " " + std::to_string(i + 1);
      }
   }
   else if (std::regex_match(path, m, keyed)) {
      const std::string name = m[2];
      rest = m[3];
      if (m[1] == "scores") {
         const Score* s = catalogue.score(name);
         subject = s ? s->display : "The score \"" + name + "\"";
      }
      else {
         const Concept* c = catalogue.concept_(name);
         subject = c ? c->display : "The finding \"" + name + "\"";
      }
   }
   else if (std::regex_match(path, m, tumour)) {
      subject = "Tumour";
      rest = m[1];
   }
   else
      return "";
   // Catalogue names are lower case ("lenvatinib"); the sentence starts with a capital.
   if (!subject.empty() && subject[0] >= 'a' && subject[0] <= 'z') subject[0] = static_cast<char>(subject[0] - 'a' + 'A');
   const std::string field = field_words(rest);
   return field.empty() ? subject : subject + ", " + field;
}

}  // namespace eligo
