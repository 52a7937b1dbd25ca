// criterion_kinds.json: the words that decide whether a criterion the record cannot settle is
// data to collect, a question for a clinician or a matter of enrolment (docs/language.md,
// "Kinds of criteria").
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"

namespace eligo {

namespace {

// " word word " for whole-word matching: name_key() folds case, spaces, hyphens and underscores; punctuation
// becomes a space, so "consent," and "(consent)" match "consent".
std::string padded_key(std::string_view text)
{
   std::string s;
   for (unsigned char ch : text) s += std::isalnum(ch) || ch >= 0x80 || ch == '\'' ? static_cast<char>(ch) : ' ';
   return " " + name_key(s) + " ";
}

}  // namespace

CriterionKindWords read_criterion_kinds(const std::string& text)
{
   using nlohmann::json;
   const json doc = parse_catalogue_json(text, "criterion_kinds.json");
   CriterionKindWords out;
   for (const char* list : {"enrolment", "not_enrolment", "question"}) {
      std::set<std::string> seen;  // within a list: "in the opinion of" is a question, and keeps a line from enrolment
      if (!doc.is_object() || !doc.contains(list) || !doc.at(list).is_array())
         throw CatalogueError(Location::entry("criterion_kinds.json", list), std::string("expected an array \"") + list + "\"");
      auto& target = std::string(list) == "enrolment" ? out.enrolment : std::string(list) == "question" ? out.question : out.not_enrolment;
      for (const auto& entry : doc.at(list)) {
         const Location where = Location::entry("criterion_kinds.json", list);
         if (!entry.is_object() || !entry.contains("words") || !entry.at("words").is_array() || entry.at("words").empty())
            throw CatalogueError(where, "each entry needs \"words\", a non-empty array of strings");
         if (!entry.contains("reason") || !entry.at("reason").is_string() || entry.at("reason").get<std::string>().empty())
            throw CatalogueError(where, "each entry needs \"reason\", a sentence saying why");
         for (const auto& w : entry.at("words")) {
            if (!w.is_string() || padded_key(w.get<std::string>()).find_first_not_of(' ') == std::string::npos)
               throw CatalogueError(where, "\"words\" holds non-empty strings only");
            const std::string key = padded_key(w.get<std::string>());
            if (!seen.insert(key).second) throw CatalogueError(where, "'" + w.get<std::string>() + "' is listed twice");
            target.push_back(key);
         }
      }
   }
   return out;
}

std::string CriterionKindWords::find(const std::vector<std::string>& phrases, std::string_view text)
{
   const std::string t = padded_key(text);
   for (const auto& p : phrases)
      if (t.find(p) != std::string::npos) return p.substr(1, p.size() - 2);
   return {};
}

}  // namespace eligo
