// qualifier_words.json: the time-scope words and the qualifiers the criteria grammar reads before
// a clinical fact, each qualifier with its spellings and whether it describes a present state
// (docs/language.md, "Time scope", "Qualifier leaves").
#include <algorithm>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"

namespace eligo {

QualifierWords read_qualifier_words(const std::string& text)
{
   using nlohmann::json;
   const json doc = parse_catalogue_json(text, "qualifier_words.json");
   QualifierWords out;
   std::set<std::string> seen;
   auto word = [&](const json& w, const Location& where) {
      if (!w.is_string() || w.get<std::string>().empty()) throw CatalogueError(where, "words and spellings are non-empty strings");
      if (!seen.insert(name_key(w.get<std::string>())).second) throw CatalogueError(where, "'" + w.get<std::string>() + "' is listed twice");
      return w.get<std::string>();
   };
   auto reason = [](const json& entry, const Location& where) {
      if (!entry.contains("reason") || !entry.at("reason").is_string() || entry.at("reason").get<std::string>().empty())
         throw CatalogueError(where, "each entry needs \"reason\", a sentence saying why");
   };
   {
      const Location where = Location::entry("qualifier_words.json", "scope");
      if (!doc.is_object() || !doc.contains("scope") || !doc.at("scope").is_object() || !doc.at("scope").contains("words") ||
          !doc.at("scope").at("words").is_array())
         throw CatalogueError(where, "expected an object \"scope\" with an array \"words\"");
      reason(doc.at("scope"), where);
      for (const auto& w : doc.at("scope").at("words")) out.scope.push_back(word(w, where));
   }
   const Location where = Location::entry("qualifier_words.json", "qualifiers");
   if (!doc.contains("qualifiers") || !doc.at("qualifiers").is_array()) throw CatalogueError(where, "expected an array \"qualifiers\"");
   for (const auto& entry : doc.at("qualifiers")) {
      if (!entry.is_object() || !entry.contains("spellings") || !entry.at("spellings").is_array() || entry.at("spellings").empty())
         throw CatalogueError(where, "each qualifier needs \"spellings\", a non-empty array of strings (the first is its name)");
      reason(entry, where);
      Qualifier q;
      if (entry.contains("from_scope") && !entry.at("from_scope").is_boolean()) throw CatalogueError(where, "\"from_scope\" is true or false");
      q.from_scope = entry.value("from_scope", false);
      for (const auto& s : entry.at("spellings")) {
         if (!q.from_scope) {
            q.spellings.push_back(word(s, where));
            continue;
         }
         // A qualifier the scope word also is: its spellings are scope words, read as such by the grammar.
         if (!s.is_string() ||
             std::none_of(out.scope.begin(), out.scope.end(), [&](const std::string& w) { return name_key(w) == name_key(s.get<std::string>()); }))
            throw CatalogueError(where, "a qualifier with \"from_scope\": true is spelt as one of the scope words");
         q.spellings.push_back(s.get<std::string>());
      }
      if (entry.contains("state") && !entry.at("state").is_boolean()) throw CatalogueError(where, "\"state\" is true or false");
      q.state = entry.value("state", false);
      if (entry.contains("after") && !entry.at("after").is_boolean()) throw CatalogueError(where, "\"after\" is true or false");
      q.after = entry.value("after", false);
      if (q.after && q.from_scope) throw CatalogueError(where, "a qualifier read after its fact (\"after\": true) is not a scope word");
      if (entry.contains("past") && (!entry.at("past").is_string() || !q.after || !q.state))
         throw CatalogueError(where, "\"past\" names the past tense of a present need read after its fact (\"after\" and \"state\" true)");
      q.past = entry.value("past", std::string());
      if (entry.contains("implied_by")) {
         const auto& names = entry.at("implied_by");
         if (!names.is_array() || names.size() > 64 || !std::all_of(names.begin(), names.end(), [](const auto& n) { return n.is_string(); }))
            throw CatalogueError(where, "\"implied_by\" is an array of at most 64 qualifier names");
         for (const auto& n : names) q.implied_by.push_back(n.get<std::string>());
      }
      q.reason = entry.at("reason").get<std::string>();
      out.qualifiers.push_back(std::move(q));
   }
   for (const auto& q : out.qualifiers)
      if (!q.past.empty() &&
          std::none_of(out.qualifiers.begin(), out.qualifiers.end(), [&](const Qualifier& o) { return o.name() == q.past && o.after && !o.state; }))
         throw CatalogueError(
             where, "'" + q.name() + "' has the past tense '" + q.past + "', which is not the name of a qualifier read after its fact in the past tense");
   for (const auto& q : out.qualifiers)
      for (const auto& n : q.implied_by)
         if (std::none_of(out.qualifiers.begin(), out.qualifiers.end(), [&](const Qualifier& o) { return &o != &q && o.name() == n; }))
            throw CatalogueError(where, "'" + q.name() + "' is implied by '" + n + "', which is not the name (first spelling) of another qualifier");
   return out;
}

}  // namespace eligo
