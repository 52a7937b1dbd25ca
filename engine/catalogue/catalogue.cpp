#include "engine/catalogue/catalogue.hpp"
#include "engine/catalogue/catalogue_json.hpp"
#include "engine/catalogue/code_system.hpp"

#include "engine/core/spelling.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <type_traits>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

namespace eligo {

// Generated at build time from engine/catalogue/*.json (see CMakeLists.txt).
extern const char* const builtin_analytes_json;
extern const char* const builtin_scores_json;
extern const char* const builtin_concepts_json;
extern const char* const builtin_filler_words_json;
extern const char* const builtin_qualifier_words_json;
extern const char* const builtin_support_note_words_json;
extern const char* const builtin_note_value_words_json;
extern const char* const builtin_criterion_kinds_json;

using nlohmann::json;

std::string name_key(std::string_view text)
{
   std::string out;
   out.reserve(text.size());
   bool space = false;
   for (std::size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '\n' || c == '\r') {
         space = !out.empty();
         continue;
      }
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);  // std::tolower in the "C" locale, which Eligo never changes
   }
   return out;
}

namespace {

// Whether a UCUM code counts equivalents ("meq/L", "ueq/mL"): an atom "eq" with or without a prefix.
bool of_equivalents(std::string_view code)
{
   std::string atom;
   auto is_eq = [](const std::string& a) {
      return a == "eq" || (a.size() == 3 && a.compare(1, 2, "eq") == 0 && std::string_view("munpkdc").find(a[0]) != std::string_view::npos);
   };
   for (char c : code) {
      if (std::isalpha(static_cast<unsigned char>(c))) {
         atom += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         continue;
      }
      if (is_eq(atom)) return true;
      atom.clear();
   }
   return is_eq(atom);
}

}  // namespace

Unit Analyte::unit(std::string_view text) const
{
   std::optional<Unit> aliased;
   if (!unit_aliases.empty()) {
      std::string key = name_key(text);
      key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
      if (auto it = unit_aliases.find(key); it != unit_aliases.end()) aliased = parse_unit(it->second);
   }
   const Unit u = aliased ? *aliased : parse_unit(text);
   // UCUM counts an equivalent as a mole, which holds only for an ion of charge one: 4 mEq/L of calcium is 2 mmol/L. A unit
   // of equivalents is read only for an analyte that lists one (sodium, potassium); for any other it is refused, never halved
   // or doubled by a guess at the charge.
   if (of_equivalents(u.code) && std::none_of(units.begin(), units.end(), [](const std::string& x) { return of_equivalents(x); }))
      throw UnitError("'" + std::string(text) + "' counts equivalents, which equal moles only for an ion of charge one, and is not read");
   return u;
}

std::optional<std::pair<int, int>> Score::label(std::string_view text) const
{
   std::string key;
   for (char c : trim_space(text))
      if (c != '(' && c != ')') key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // "B(7)" is "B7"
   if (auto it = labels.find(key); it != labels.end()) return it->second;
   // A scale of percentages may write its value with the sign ("70%", "70 %": the German MII Karnofsky codes).
   if (percent && !key.empty() && key.back() == '%') key = trim_space(std::string_view(key).substr(0, key.size() - 1));
   if (numeric_labels && !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
       key.size() < 5) {
      const int v = std::stoi(key);
      if (v >= min && v <= max) return std::make_pair(v, v);
   }
   return std::nullopt;
}

std::string Score::label_for(int ordinal) const
{
   // The first label scores.json lists for exactly this value ("B" for BCLC 2, not "intermediate").
   for (const auto& k : label_order) {
      const auto& r = labels.at(k);
      if (r.first == ordinal && r.second == ordinal && !(numeric_labels && k == std::to_string(ordinal))) return label_spelling.at(k);
   }
   return std::to_string(ordinal);
}

namespace {

constexpr Spelling<AnalyteKind> analyte_kinds[] = {
    {"lab", AnalyteKind::lab}, {"vital", AnalyteKind::vital}, {"tumour", AnalyteKind::tumour}, {"derived", AnalyteKind::derived}};
constexpr Spelling<ConceptKind> concept_kinds[] = {
    {"condition", ConceptKind::condition}, {"medication", ConceptKind::medication}, {"procedure", ConceptKind::procedure}, {"finding", ConceptKind::finding}};
constexpr Spelling<DerivedScore> derived_scores[] = {
    {"child_pugh", DerivedScore::child_pugh}, {"albi", DerivedScore::albi}, {"bclc", DerivedScore::bclc}, {"cnlc", DerivedScore::cnlc}};
constexpr Spelling<DerivedFinding> derived_findings[] = {{"jsh_lcsgj", DerivedFinding::jsh_lcsgj},
                                                         {"bclc_systemic_failure", DerivedFinding::bclc_systemic_failure}};
constexpr Spelling<Harm> harms[] = {{"low", Harm::low}, {"high", Harm::high}};

// The category `key` of a catalogue entry; `absent` when the key is missing (nullopt: the key is required).
// A value not in `table` is a load error naming the entry and the values allowed.
template <typename E, std::size_t N>
E category(const json& entry, const char* key, const Spelling<E> (&table)[N], const Location& where, std::type_identity_t<std::optional<E>> absent)
{
   auto it = entry.find(key);
   // An optional category may also be given as "" (none), as the files have always allowed.
   if (absent && (it == entry.end() || (it->is_string() && it->get<std::string>().empty()))) return *absent;
   std::string allowed;
   for (const auto& s : table) allowed += std::string(allowed.empty() ? "" : ", ") + "\"" + s.text + "\"";
   if (it == entry.end()) throw CatalogueError(where, std::string("missing \"") + key + "\" (one of " + allowed + ")");
   if (it->is_string())
      if (auto v = value_of(table, it->get<std::string>())) return *v;
   throw CatalogueError(where, std::string("\"") + key + "\" is " + it->dump() + "; expected one of " + allowed);
}

std::vector<std::string> strings(const json& j, const char* key)
{
   std::vector<std::string> out;
   if (auto it = j.find(key); it != j.end())
      for (const auto& s : *it) out.push_back(s.get<std::string>());
   return out;
}

// One {system, code}: the system must be one Eligo reads (engine/catalogue/code_system.cpp), by its exact FHIR URI,
// and the code not empty; a misspelt URI would otherwise match no record and go unnoticed.
Code code_of(const json& code, const Location& where)
{
   const std::string system = code.at("system").get<std::string>(), value = code.at("code").get<std::string>();
   if (!find_code_system(system)) {
      std::string known;
      for (const auto& s : code_systems()) known += std::string(known.empty() ? "" : ", ") + std::string(s.name) + " " + std::string(s.uri);
      throw CatalogueError(where, "code " + code.dump() + ": \"" + system + "\" is not a code system Eligo reads (" + known + ")");
   }
   if (value.empty()) throw CatalogueError(where, "code " + code.dump() + ": the code is empty");
   // An ICD block of categories, as ICD writes its blocks ("C00-C97", "196-198"): two categories of three characters, in
   // order, in an ICD system.
   if (const auto dash = value.find('-'); dash != std::string::npos && (is_icd10(system) || is_icd9(system))) {
      const std::string first = value.substr(0, dash), last = value.substr(dash + 1);
      const auto category = [](const std::string& c) {
         return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) {
                   return std::isdigit(static_cast<unsigned char>(ch)) || std::isupper(static_cast<unsigned char>(ch));
                });
      };
      if (!category(first) || !category(last) || last < first)
         throw CatalogueError(where, "code " + code.dump() + ": a block of codes is two ICD categories of three characters in order (\"C00-C97\")");
   }
   bool history = false;
   if (auto h = code.find("history"); h != code.end()) {
      if (!h->is_boolean()) throw CatalogueError(where, "code " + code.dump() + ": \"history\" is true or false");
      history = h->get<bool>();
   }
   return {system, value, history};
}

// An ICD block of categories ("C00-C97"): its first and last category, or nothing for a code.
std::optional<std::pair<std::string, std::string>> icd_block(const Code& c)
{
   const auto dash = c.code.find('-');
   if (dash == std::string::npos || !(is_icd10(c.system) || is_icd9(c.system))) return std::nullopt;
   return std::pair{c.code.substr(0, dash), c.code.substr(dash + 1)};
}

std::vector<Code> codes(const json& list, const Location& where)
{
   std::vector<Code> out;
   for (const auto& code : list) out.push_back(code_of(code, where));
   return out;
}

// A derived finding's "definition" (docs/catalogue.md, "Derived findings"): names only, resolved in index().
FindingDefinition finding_definition(const json& d)
{
   FindingDefinition def;
   def.name = d.value("name", std::string());
   def.courses_of_id = d.value("courses_of", std::string());
   def.not_courses_ids = strings(d, "not_courses");
   def.flag_ids = strings(d, "flags");
   def.same_line_days = d.value("same_line_days", 14);
   for (const auto& r : d.value("regimens", json::array())) {
      RecommendedRegimen x;
      x.drug_ids = strings(r, "drugs");
      for (const auto& l : r.at("lines")) x.lines.push_back(l.get<int>());
      for (const auto& a : r.value("after", json::array())) x.after_ids.push_back(a.get<std::vector<std::string>>());
      if (auto req = r.find("requires"); req != r.end()) {
         x.lab_id = req->at("analyte").get<std::string>();
         x.lab_value = req->at("at_least").get<double>();
         x.lab_unit = req->at("unit").get<std::string>();
      }
      def.regimens.push_back(std::move(x));
   }
   return def;
}

std::optional<Range> range(const json& j, const char* key)
{
   auto it = j.find(key);
   if (it == j.end() || it->is_null()) return std::nullopt;
   return Range{it->at("low").get<double>(), it->at("high").get<double>()};
}

}  // namespace

nlohmann::json parse_catalogue_json(const std::string& text, const char* file)
{
   try {
      return nlohmann::json::parse(text);
   }
   catch (const nlohmann::json::exception& e) {
      throw CatalogueError(Location::entry(file, ""), e.what());
   }
}

void read_word_groups(const nlohmann::json& doc, const char* file, std::initializer_list<std::pair<const char*, std::set<std::string>*>> groups)
{
   for (const auto& [name, words] : groups) {
      const Location where = Location::entry(file, name);
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
         // A number is never a word here: the readings check numbers themselves (a time, a threshold, a stage's value).
         if (std::isdigit(static_cast<unsigned char>(w.front()))) throw CatalogueError(where, "'" + w + "': numbers are checked apart, never listed");
         if (!words->insert(w).second) throw CatalogueError(where, "'" + w + "' is listed twice");
      }
   }
}

const char* to_string(AnalyteKind k) { return spelling_of(analyte_kinds, k); }
const char* to_string(ConceptKind k) { return spelling_of(concept_kinds, k); }
const char* to_string(DerivedScore d) { return spelling_of(derived_scores, d); }
const char* to_string(Harm h) { return spelling_of(harms, h); }
const char* to_string(DerivedFinding d) { return spelling_of(derived_findings, d); }

std::shared_ptr<const Catalogue> Catalogue::from_json(const std::string& analytes, const std::string& scores, const std::string& concepts,
                                                      const std::string& filler_words, const std::string& criterion_kinds)
{
   auto cat = std::make_shared<Catalogue>();
   cat->filler_words_ = read_filler_words(filler_words.empty() ? std::string(builtin_filler_words_json) : filler_words);
   cat->qualifier_words_ = read_qualifier_words(builtin_qualifier_words_json);
   cat->support_note_words_ = read_support_note_words(builtin_support_note_words_json);
   cat->note_value_words_ = read_note_value_words(builtin_note_value_words_json);
   cat->criterion_kinds_ = read_criterion_kinds(criterion_kinds.empty() ? std::string(builtin_criterion_kinds_json) : criterion_kinds);
   const json a = parse_catalogue_json(analytes, "analytes.json");
   const json s = parse_catalogue_json(scores, "scores.json");
   const json c = parse_catalogue_json(concepts, "concepts.json");
   Location where;
   std::vector<std::pair<std::size_t, std::string>> refined;  // analyte index, the id it refines
   try {
      for (const auto& j : a.at("analytes")) {
         where = Location::entry("analytes.json", j.value("id", std::string("?")));
         Analyte x;
         x.id = j.at("id").get<std::string>();
         x.display = j.value("display", x.id);
         x.kind = category(j, "kind", analyte_kinds, where, AnalyteKind::lab);
         x.names = strings(j, "names");
         x.loinc = strings(j, "loinc");
         if (j.contains("log_loinc")) x.log_loinc = strings(j, "log_loinc");
         x.units = strings(j, "units");
         if (auto it = j.find("unit_aliases"); it != j.end())
            for (const auto& [k, v] : it->items()) {
               std::string key = name_key(k);
               key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
               x.unit_aliases[key] = v.get<std::string>();
            }
         x.canonical = parse_unit(j.at("canonical_unit").get<std::string>());
         if (auto it = j.find("molar_mass"); it != j.end() && !it->is_null()) x.molar_mass = it->get<double>();
         x.plausible = range(j, "plausible");
         x.reference_range = range(j, "reference_range");
         if (auto it = j.find("reference_range"); it != j.end() && it->is_object()) x.reference_source = it->value("source", std::string());
         x.harm = category(j, "harm", harms, where, Harm::none);
         x.count = j.value("count", false);
         if (auto it = j.find("refines"); it != j.end()) {
            if (!it->is_object() || !it->contains("analyte") || !it->contains("method"))
               throw CatalogueError(where, "\"refines\" is an object with \"analyte\" (the measure refined) and \"method\" (the words naming the method)");
            refined.emplace_back(cat->analytes_.size(), it->at("analyte").get<std::string>());
            x.method = strings(*it, "method");
            if (x.method.empty()) throw CatalogueError(where, "\"refines\" needs at least one method word");
         }
         x.detected_id = j.value("detected", std::string());
         x.source = j.value("source", std::string());
         cat->analytes_.push_back(std::move(x));
      }
      for (const auto& [i, base] : refined) {
         Analyte& x = cat->analytes_[i];
         where = Location::entry("analytes.json", x.id);
         auto b = std::find_if(cat->analytes_.begin(), cat->analytes_.end(), [&](const Analyte& y) { return y.id == base; });
         if (b == cat->analytes_.end()) throw CatalogueError(where, "refines unknown analyte '" + base + "'");
         if (&*b == &x || b->refines) throw CatalogueError(where, "refines '" + base + "', which is itself or a refinement");
         if (b->canonical.code != x.canonical.code) throw CatalogueError(where, "refines '" + base + "', whose canonical unit differs");
         x.refines = &*b;
      }
      for (const auto& j : a.value("groups", json::array())) {
         where = Location::entry("analytes.json", "group " + j.value("id", std::string("?")));
         AnalyteGroup g;
         g.id = j.at("id").get<std::string>();
         g.names = strings(j, "names");
         g.source = j.value("source", std::string());
         cat->groups_.push_back(std::move(g));
         cat->group_members_.push_back(strings(j, "members"));
      }
      // A score's labels in the order scores.json lists them (label_for() shows the first that fits):
      // json sorts an object's keys, ordered_json keeps them.
      std::map<std::string, std::vector<std::string>> label_order;
      where = Location::entry("scores.json", "");
      const nlohmann::ordered_json listed = nlohmann::ordered_json::parse(scores);
      for (const auto& j : listed.at("scores"))
         if (auto it = j.find("labels"); it != j.end() && it->is_object() && j.contains("id"))
            for (const auto& [k, v] : it->items()) label_order[j.at("id").dump()].push_back(k);
      for (const auto& j : s.at("scores")) {
         where = Location::entry("scores.json", j.value("id", std::string("?")));
         Score x;
         x.id = j.at("id").get<std::string>();
         x.display = j.value("display", x.id);
         x.names = strings(j, "names");
         x.loinc = strings(j, "loinc");
         x.snomed = strings(j, "snomed");
         x.min = j.at("min").get<int>();
         x.max = j.at("max").get<int>();
         x.numeric_labels = j.value("numeric_labels", true);
         if (auto it = j.find("labels"); it != j.end())
            for (const auto& k : label_order[j.at("id").dump()]) {
               const json& v = it->at(k);
               std::string key;
               for (char ch : k) key += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
               x.labels[key] = {v.at(0).get<int>(), v.at(1).get<int>()};
               x.label_order.push_back(key);
               x.label_spelling[key] = k;
            }
         x.derived = category(j, "derived", derived_scores, where, DerivedScore::none);
         x.graded = strings(j, "graded");
         x.graded_condition = j.value("graded_condition", std::string());
         if (!x.graded_condition.empty() && x.graded.empty()) throw CatalogueError(where, "graded_condition needs the nouns that name it in graded");
         x.step = j.value("step", 1);
         if (x.step < 1) throw CatalogueError(where, "step must be at least 1");
         x.percent = j.value("percent", false);
         if (auto it = j.find("death"); it != j.end()) {
            x.death = it->get<int>();
            if (*x.death != x.min && *x.death != x.max) throw CatalogueError(where, "death must be the scale's first or last value");
         }
         if (auto it = j.find("worst"); it != j.end()) {
            if (x.death) throw CatalogueError(where, "a scale with a value for death has it as its worst: give death or worst, not both");
            x.worst = it->get<int>();
            if (*x.worst != x.min && *x.worst != x.max) throw CatalogueError(where, "worst must be the scale's first or last value");
         }
         x.intermediate = strings(j, "intermediate");
         for (const auto& l : x.intermediate)
            if (!x.label(l)) throw CatalogueError(where, "intermediate '" + l + "' is not one of its labels");
         if (auto it = j.find("answers"); it != j.end())
            for (const auto& [k, v] : it->items()) x.answers[k] = v.get<std::string>();
         x.source = j.value("source", std::string());
         cat->scores_.push_back(std::move(x));
      }
      for (const auto& j : c.at("concepts")) {
         where = Location::entry("concepts.json", j.value("id", std::string("?")));
         Concept x;
         x.id = j.at("id").get<std::string>();
         x.kind = category(j, "kind", concept_kinds, where, std::nullopt);
         x.display = j.value("display", x.id);
         x.names = strings(j, "names");
         x.is_a = strings(j, "is_a");
         x.sex = j.value("sex", std::string());
         if (auto it = j.find("codes"); it != j.end())
            for (const auto& code : *it) x.codes.push_back(code_of(code, where));
         if (auto it = j.find("observation"); it != j.end()) {
            x.observation_loinc = strings(*it, "loinc");
            for (const auto& code : it->value("present", json::array())) x.present.push_back(code_of(code, where));
            for (const auto& code : it->value("absent", json::array())) x.absent.push_back(code_of(code, where));
            if (auto d = it->find("current_for_days"); d != it->end()) x.current_for_days = d->get<int>();
            if (auto d = it->find("absent_current_for_days"); d != it->end()) x.absent_current_for_days = d->get<int>();
            if (auto d = it->find("absent_ends_after_days"); d != it->end()) x.absent_ends_after_days = d->get<int>();
            if (auto d = it->find("absent_sustained_days"); d != it->end()) x.absent_sustained_days = d->get<int>();
            if (auto d = it->find("cure_after_days"); d != it->end()) x.cure_after_days = d->get<int>();
            x.treated_by_id = it->value("treated_by", std::string());
            for (const auto& code : it->value("ended_by", json::array())) x.ended_by.push_back(code_of(code, where));
         }
         if (auto it = j.find("not_codes"); it != j.end())
            for (const auto& code : *it) x.not_codes.push_back(code_of(code, where));
         x.derived = category(j, "derived", derived_findings, where, DerivedFinding::none);
         if (auto it = j.find("definition"); it != j.end()) {
            if (x.derived == DerivedFinding::none) throw CatalogueError(where, "\"definition\" is given, but no \"derived\" says how it is computed");
            x.definition = finding_definition(*it);
         }
         if (x.derived != DerivedFinding::none && x.kind != ConceptKind::finding)
            throw CatalogueError(where, std::string("\"derived\": \"") + to_string(x.derived) + "\" is for findings, not a " + to_string(x.kind));
         x.components = strings(j, "components");
         if (auto it = j.find("is_a_for_indication"); it != j.end())
            for (const auto& l : *it) {
               IndicationLink link;
               link.class_id = l.at("class").get<std::string>();
               const json& ind = l.at("indication");
               if (ind.is_string())
                  link.indication_ids.push_back(ind.get<std::string>());
               else
                  link.indication_ids = ind.get<std::vector<std::string>>();
               link.other_use = l.value("other_use", std::string());
               link.question = l.value("question", std::string());
               x.is_a_for_indication.push_back(std::move(link));
            }
         x.evidence_of_ids = strings(j, "evidence_of");
         x.suggests_ids = strings(j, "suggests");
         for (const char* key : {"evidence_of", "suggests"})
            if (j.contains(key) && !j.at(key).empty() && x.kind != ConceptKind::finding)
               throw CatalogueError(
                   where, "\"" + std::string(key) + "\" is for findings (what a present record shows or points to), not a " + std::string(to_string(x.kind)));
         x.ingredient = j.value("ingredient", false);
         if (x.ingredient && (x.kind != ConceptKind::medication || j.contains("components")))
            throw CatalogueError(where, "\"ingredient\": true is for a single drug (a medication without components)");
         x.not_dose_forms = strings(j, "not_dose_forms");
         x.text_names = strings(j, "text_names");
         x.uncoded = j.value("uncoded", std::string());
         x.specified_by = j.value("specified_by", std::string());
         x.state = j.value("state", false);
         x.spread = j.value("spread", false);
         if (auto q = j.find("scope_qualifier"); q != j.end()) {
            if (!q->is_string() || q->get<std::string>().empty() || x.kind != ConceptKind::condition)
               throw CatalogueError(where, "\"scope_qualifier\" is for a condition: the name of a qualifier (a non-empty string)");
            x.scope_qualifier = q->get<std::string>();
         }
         if (auto d = j.find("episode_days"); d != j.end()) {
            if (x.kind != ConceptKind::condition || !d->is_number_integer() || d->get<int>() < 1)
               throw CatalogueError(where, "\"episode_days\" is for a condition: how many days an episode of it lasts at most, a whole number of at least 1");
            x.episode_days = d->get<int>();
         }
         if (auto d = j.find("acute_days"); d != j.end()) {
            if (!x.episode_days || !d->is_number_integer() || d->get<int>() < 1 || d->get<int>() > *x.episode_days)
               throw CatalogueError(
                   where, "\"acute_days\" is for an episode: how many days from its onset it is current, a whole number from 1 to its \"episode_days\"");
            x.acute_days = d->get<int>();
         }
         if (auto it = j.find("domain"); it != j.end()) {
            x.domain_id = it->at("condition").get<std::string>();
            x.domain_names = strings(*it, "names");
            if (x.domain_names.empty()) throw CatalogueError(where, "\"domain\" lists no names");
         }
         x.source = j.value("source", std::string());
         cat->concepts_.push_back(std::move(x));
      }
      where = Location::entry("concepts.json", "fhir");
      if (auto it = c.find("fhir"); it != c.end()) {
         const json& f = *it;
         if (auto t = f.find("text_matching"); t != f.end()) {
            cat->text_matching_.skip_names = strings(*t, "skip_names");
            cat->text_matching_.hedges = strings(*t, "hedges");
            cat->text_matching_.not_names = strings(*t, "not_names");
            cat->text_matching_.past = strings(*t, "past");
            cat->text_matching_.not_of_patient = strings(*t, "not_of_patient");
            cat->text_matching_.of_patient_after_all = strings(*t, "of_patient_after_all");
         }
         if (auto n = f.find("none_known"); n != f.end())
            for (const auto& [list, codes] : n->at("codes").items())
               for (const auto& code : codes) cat->text_matching_.none_known[list].push_back(code_of(code, where));
         if (auto n = f.find("no_information"); n != f.end())
            for (const auto& code : n->at("codes")) cat->text_matching_.no_information.push_back(code_of(code, where));
         if (auto o = f.find("outcomes"); o != f.end()) {
            static const std::set<std::string> responses = {"CR", "PR", "SD", "PD"}, reasons = {"progression", "intolerance", "completed", "other"};
            const json responses_given = o->value("response", json::object()), reasons_given = o->value("stop_reason", json::object());
            for (const auto& [label, list] : responses_given.items()) {
               if (!responses.count(label)) throw CatalogueError(where, "outcomes.response: \"" + label + "\" is not one of CR, PR, SD, PD");
               cat->text_matching_.responses[label] = codes(list, where);
            }
            for (const auto& [label, list] : reasons_given.items()) {
               if (!reasons.count(label))
                  throw CatalogueError(where, "outcomes.stop_reason: \"" + label + "\" is not one of progression, intolerance, completed, other");
               cat->text_matching_.stop_reasons[label] = codes(list, where);
            }
         }
         if (auto a = f.find("answers"); a != f.end()) {
            for (const auto& code : a->value("present", json::array())) cat->yes_.push_back(code_of(code, where));
            for (const auto& code : a->value("absent", json::array())) cat->no_.push_back(code_of(code, where));
            const json texts = a->value("texts", json::object());
            for (const auto& t : texts.value("present", json::array())) cat->yes_texts_.push_back(name_key(t.get<std::string>()));
            for (const auto& t : texts.value("absent", json::array())) cat->no_texts_.push_back(name_key(t.get<std::string>()));
         }
      }
   }
   catch (const json::exception& e) {
      throw CatalogueError(where, e.what());
   }
   catch (const UnitError& e) {
      throw CatalogueError(where, e.what());
   }
   cat->index();
   return cat;
}

void Catalogue::index()
{
   auto add = [](auto& map, const std::string& key, auto* item, const std::string& what) {
      auto [it, fresh] = map.emplace(name_key(key), item);
      if (!fresh && it->second != item) throw CatalogueError(what + " name '" + key + "' belongs to both '" + it->second->id + "' and '" + item->id + "'");
   };
   for (const auto& a : analytes_) {
      add(analyte_names_, a.id, &a, "analyte");
      for (const auto& n : a.names) add(analyte_names_, n, &a, "analyte");
      for (const auto& l : a.loinc) analyte_loinc_.emplace(l, &a);
      for (const auto& l : a.log_loinc) {
         if (analyte_loinc_.count(l)) throw CatalogueError("analyte '" + a.id + "': LOINC " + l + " is listed both as a linear and as a log10 code");
         analyte_log_loinc_.emplace(l, &a);
      }
   }
   for (std::size_t i = 0; i < groups_.size(); ++i) {
      auto& g = groups_[i];
      for (const auto& m : group_members_[i]) {
         auto it = analyte_names_.find(name_key(m));
         if (it == analyte_names_.end() || it->second->id != m) throw CatalogueError("group '" + g.id + "': unknown analyte '" + m + "'");
         g.members.push_back(it->second);
      }
      if (g.members.size() < 2) throw CatalogueError("group '" + g.id + "': a group names at least two analytes");
      for (const auto& n : g.names) {
         if (analyte_names_.count(name_key(n))) throw CatalogueError("group name '" + n + "' is also an analyte name");
         add(group_names_, n, &g, "group");
      }
   }
   for (const auto& s : scores_) {
      add(score_names_, s.id, &s, "score");
      for (const auto& n : s.names) add(score_names_, n, &s, "score");
      // A code names one score, and a score's SNOMED CT observable is no concept's code: either would be shadowed.
      for (const auto& l : s.loinc)
         if (!score_loinc_.emplace(l, &s).second || analyte_loinc_.count(l))
            throw CatalogueError("score '" + s.id + "': LOINC " + l + " is listed twice, or is also another score's or an analyte's code");
      for (const auto& c : s.snomed)
         if (!score_snomed_.emplace(c, &s).second)
            throw CatalogueError("score '" + s.id + "': SNOMED CT " + c + " is listed twice, or is also another score's code");
   }
   for (const auto& c : concepts_) {
      add(concept_names_, c.id, &c, "concept");
      for (const auto& n : c.names) add(concept_names_, n, &c, "concept");
      for (const auto& code : c.codes)
         if (const auto block = icd_block(code))
            icd_blocks_.push_back({code.system, block->first, block->second, &c, code.history});
         else
            concept_codes_.emplace(code.system + "|" + code.code, CodeEntry{&c, code.history});
      for (const auto& l : c.observation_loinc) concept_observation_.emplace(l, &c);
      for (const auto& code : c.not_codes) not_codes_.insert(code.system + "|" + code.code);
   }
   for (const auto& [code, score] : score_snomed_)
      if (concept_codes_.count("http://snomed.info/sct|" + code))
         throw CatalogueError("score '" + score->id + "': SNOMED CT " + code + " is also a concept's code, which the score would shadow");
   for (const auto& [code, score] : score_loinc_)
      if (concept_observation_.count(code))
         throw CatalogueError("score '" + score->id + "': LOINC " + code + " is also a concept's observation code, which the score would shadow");
   auto ids = [](const auto& entries, const auto& names, auto& out) {
      for (const auto& e : entries)
         if (auto it = names.find(name_key(e.id)); it != names.end() && it->second == &e) out.emplace(e.id, &e);
   };
   ids(analytes_, analyte_names_, analyte_ids_);
   ids(scores_, score_names_, score_ids_);
   ids(concepts_, concept_names_, concept_ids_);
   auto known = [&](const Concept& c, const std::string& id, const char* what) {
      auto it = concept_names_.find(name_key(id));
      if (it == concept_names_.end() || it->second->id != id) throw CatalogueError("concept '" + c.id + "': " + what + " names unknown concept '" + id + "'");
      return it->second;
   };
   // A concept another entry names in a field that needs one kind: a finding's "treated_by" a medication, an analyte's
   // "detected" a finding.
   auto of_kind = [&](const std::string& owner, const std::string& id, ConceptKind kind, const char* field) {
      auto it = concept_names_.find(name_key(id));
      if (it == concept_names_.end() || it->second->id != id || it->second->kind != kind)
         throw CatalogueError(owner + ": \"" + field + "\" names '" + id + "', which is not a " + to_string(kind) + " of concepts.json");
      return it->second;
   };
   for (auto& c : concepts_)
      if (!c.treated_by_id.empty()) c.treated_by = of_kind("concept '" + c.id + "'", c.treated_by_id, ConceptKind::medication, "treated_by");
   for (auto& a : analytes_)
      if (!a.detected_id.empty()) a.detected = of_kind("analyte '" + a.id + "'", a.detected_id, ConceptKind::finding, "detected");
   for (auto& c : concepts_) {
      if (!c.scope_qualifier.empty()) {
         const Qualifier* q = qualifier(c.scope_qualifier);
         if (!q || !q->from_scope || q->name() != c.scope_qualifier)
            throw CatalogueError("concept '" + c.id + "': scope_qualifier '" + c.scope_qualifier +
                                 "' is not the name of a qualifier with \"from_scope\": true in qualifier_words.json");
      }
      if (!c.domain_id.empty()) {
         c.domain = known(c, c.domain_id, "domain");
         if (c.domain->kind != ConceptKind::condition) throw CatalogueError("concept '" + c.id + "': domain '" + c.domain_id + "' is not a condition");
         for (const auto& n : c.domain_names)
            if (std::none_of(c.names.begin(), c.names.end(), [&](const std::string& m) { return name_key(m) == name_key(n); }))
               throw CatalogueError("concept '" + c.id + "': domain name '" + n + "' is not among its names");
      }
      for (const auto& id : c.components) c.parts.push_back(known(c, id, "components"));
      if (c.parts.size() == 1) throw CatalogueError("concept '" + c.id + "': a regimen has at least two components");
      if (!c.parts.empty()) regimens_.push_back(&c);
      if (c.spread) spreads_.push_back(&c);
      if (!c.not_dose_forms.empty()) form_classes_.push_back(&c);
      // What a finding shows (evidence_of) or points to (suggests): conditions.
      for (auto [ids, to, what] : {std::tuple{&c.evidence_of_ids, &c.evidence_of, "evidence_of"}, std::tuple{&c.suggests_ids, &c.suggests, "suggests"}})
         for (const auto& id : *ids) {
            const Concept* e = known(c, id, what);
            if (e->kind != ConceptKind::condition) throw CatalogueError("concept '" + c.id + "': " + what + " '" + id + "' is not a condition");
            to->push_back(e);
         }
      for (auto& link : c.is_a_for_indication) {
         link.cls = known(c, link.class_id, "is_a_for_indication");
         for (const auto& id : link.indication_ids) link.indications.push_back(known(c, id, "is_a_for_indication"));
         if (link.indications.empty()) throw CatalogueError("concept '" + c.id + "': is_a_for_indication '" + link.class_id + "' names no indication");
      }
   }
   // Ancestors, with a cycle check: is_a (and components) must be a DAG of known ids.
   std::function<void(const Concept*, const Concept*, std::set<const Concept*>&, int, bool)> walk = [&](const Concept* root, const Concept* c,
                                                                                                        std::set<const Concept*>& seen, int depth, bool parts) {
      if (depth > 32) throw CatalogueError("concept '" + root->id + "': is_a chain too deep (a cycle?)");
      std::vector<const Concept*> up;
      for (const auto& p : c->is_a) up.push_back(known(*c, p, "is_a"));
      if (parts) up.insert(up.end(), c->parts.begin(), c->parts.end());
      for (const Concept* u : up) {
         if (u == root) throw CatalogueError("concept '" + root->id + "': is_a cycle");
         if (seen.insert(u).second) walk(root, u, seen, depth + 1, parts);
      }
   };
   for (const auto& c : concepts_) {
      std::set<const Concept*> seen, kinds;
      walk(&c, &c, seen, 0, true);
      walk(&c, &c, kinds, 0, false);
      ancestors_[&c] = std::vector<const Concept*>(seen.begin(), seen.end());
      kinds_[&c] = std::vector<const Concept*>(kinds.begin(), kinds.end());
   }
   const std::size_t n = concepts_.size();
   row_words_ = (n + 63) / 64;
   ancestor_bits_.assign(n * row_words_, 0);
   kind_bits_.assign(n * row_words_, 0);
   indication_links_.assign(n, 0);
   for (std::size_t i = 0; i < n; ++i) {
      const Concept& c = concepts_[i];
      auto set = [&](std::vector<std::uint64_t>& m, const Concept* a) {
         const std::size_t j = position(*a);
         m[i * row_words_ + j / 64] |= std::uint64_t{1} << (j % 64);
      };
      set(ancestor_bits_, &c);
      set(kind_bits_, &c);
      for (const Concept* a : ancestors_.at(&c)) set(ancestor_bits_, a);
      for (const Concept* a : kinds_.at(&c)) set(kind_bits_, a);
      indication_links_[i] = !c.is_a_for_indication.empty() ||
                             std::any_of(ancestors_.at(&c).begin(), ancestors_.at(&c).end(), [](const Concept* a) { return !a->is_a_for_indication.empty(); });
   }
   // A kind of a state is a state: "patients with schizophrenia" is about now as "patients with mental illness" is. The data
   // says so on each concept, so that a reviewer sees it where the concept is.
   for (const auto& c : concepts_)
      if (!c.state)
         for (const Concept* k : kinds_.at(&c))
            if (k->state) throw CatalogueError("concept '" + c.id + "': a kind of '" + k->id + "', which is a state (\"state\": true), must be one too");
   for (auto& c : concepts_) resolve_definition(c);
   // Which concepts a coded record would be found to be (Catalogue::closed_world): memoised over the is_a DAG (checked
   // acyclic above).
   std::map<const Concept*, std::vector<const Concept*>> kinds_below;  // direct kinds, and what counts as it for an indication
   for (const auto& c : concepts_) {
      for (const auto& p : c.is_a) kinds_below[known(c, p, "is_a")].push_back(&c);
      for (const auto& link : c.is_a_for_indication) kinds_below[link.cls].push_back(&c);
   }
   std::map<const Concept*, bool> found;
   std::function<bool(const Concept*)> closed = [&](const Concept* c) {
      if (auto it = found.find(c); it != found.end()) return it->second;
      found[c] = false;  // a concept reached again while deciding itself (a regimen and its drug) is not assumed found
      const auto own = [](const Concept* x) {
         return !x->codes.empty() || x->ingredient || !x->observation_loinc.empty() || x->derived != DerivedFinding::none;
      };
      bool yes = own(c);
      if (!yes && !c->parts.empty()) yes = std::all_of(c->parts.begin(), c->parts.end(), closed);
      if (!yes) {
         const auto& below = kinds_below[c];
         yes = !below.empty() && std::all_of(below.begin(), below.end(), closed);
      }
      return found[c] = yes;
   };
   for (const auto& c : concepts_)
      if (closed(&c)) closed_world_.insert(&c);
   // A score's graded condition is a concept, and each noun it grades names that concept (the binder reads the noun as it).
   for (const auto& s : scores_) {
      if (s.graded_condition.empty()) continue;
      const Location where = Location::entry("scores.json", s.id);
      const Concept* condition = concept_(s.graded_condition);
      if (!condition || condition->id != s.graded_condition) throw CatalogueError(where, "graded_condition names unknown concept '" + s.graded_condition + "'");
      for (const auto& noun : s.graded)
         if (concept_(noun) != condition) throw CatalogueError(where, "graded '" + noun + "' does not name " + s.graded_condition);
   }
   index_name_words();
}

// A derived finding's definition: every name it uses is a catalogue entry of the right kind, and
// what its computation reads is in the catalogue.
void Catalogue::resolve_definition(Concept& c)
{
   if (c.derived == DerivedFinding::none) return;
   const Location where = Location::entry("concepts.json", c.id);
   auto concept_named = [&](const std::string& id, const char* what) {
      const Concept* x = concept_(id);
      if (!x || x->id != id) throw CatalogueError(where, std::string(what) + " names unknown concept '" + id + "'");
      return x;
   };
   FindingDefinition& d = c.definition;
   if (c.derived == DerivedFinding::jsh_lcsgj) {
      for (const char* id : {"tace", "macrovascular_invasion", "extrahepatic_spread"}) concept_named(id, "derived \"jsh_lcsgj\" reads a concept that");
      if (!analyte("afp")) throw CatalogueError(where, "derived \"jsh_lcsgj\" reads AFP results, but there is no analyte 'afp'");
   }
   if (c.derived == DerivedFinding::bclc_systemic_failure) {
      if (d.regimens.empty()) throw CatalogueError(where, "derived \"bclc_systemic_failure\" needs \"definition\": {\"regimens\": [...]}");
      if (d.courses_of_id.empty()) throw CatalogueError(where, "derived \"bclc_systemic_failure\" needs \"definition\": {\"courses_of\": ...}");
      if (d.same_line_days < 0) throw CatalogueError(where, "same_line_days must be 0 or more");
      concept_named("disease_progression", "derived \"bclc_systemic_failure\" reads a concept that");
   }
   if (!d.courses_of_id.empty()) d.courses_of = concept_named(d.courses_of_id, "courses_of");
   for (const auto& id : d.not_courses_ids) d.not_courses.push_back(concept_named(id, "not_courses"));
   for (const auto& id : d.flag_ids) d.flags.push_back(concept_named(id, "flags"));
   auto drug = [&](const std::string& id) {
      const Concept* x = concept_named(id, "a regimen");
      if (x->kind != ConceptKind::medication)
         throw CatalogueError(where, "a regimen names '" + id + "', which is a " + to_string(x->kind) + ", not a medication");
      return x;
   };
   for (auto& r : d.regimens) {
      if (r.drug_ids.empty() || r.lines.empty()) throw CatalogueError(where, "a regimen needs \"drugs\" and \"lines\"");
      for (int l : r.lines)
         if (l < 1) throw CatalogueError(where, "a regimen's lines start at 1 (first line)");
      for (const auto& id : r.drug_ids) r.drugs.push_back(drug(id));
      for (const auto& a : r.after_ids) {
         r.after.emplace_back();
         for (const auto& id : a) r.after.back().push_back(drug(id));
      }
      if (!r.lab_id.empty()) {
         r.lab = analyte(r.lab_id);
         if (!r.lab) throw CatalogueError(where, "a regimen requires unknown analyte '" + r.lab_id + "'");
         try {
            r.at_least = convert(r.lab_value, r.lab->unit(r.lab_unit), r.lab->canonical, r.lab->molar_mass).value;
         }
         catch (const UnitError& e) {
            throw CatalogueError(where, "a regimen's requirement on " + r.lab->display + ": " + e.what());
         }
         std::ostringstream text;
         text << r.lab->display << " ≥ " << r.lab_value << " " << display_unit(r.lab->unit(r.lab_unit).code);
         r.lab_text = text.str();
      }
   }
}

const Analyte* Catalogue::analyte(std::string_view id_or_name) const
{
   if (auto id = analyte_ids_.find(id_or_name); id != analyte_ids_.end()) return id->second;
   auto it = analyte_names_.find(name_key(id_or_name));
   return it == analyte_names_.end() ? nullptr : it->second;
}

const AnalyteGroup* Catalogue::group(std::string_view id_or_name) const
{
   auto it = group_names_.find(name_key(id_or_name));
   return it == group_names_.end() ? nullptr : it->second;
}

const Analyte* Catalogue::analyte_by_loinc(std::string_view code) const
{
   auto it = analyte_loinc_.find(std::string(code));
   return it == analyte_loinc_.end() ? nullptr : it->second;
}

const Score* Catalogue::score(std::string_view id_or_name) const
{
   if (auto id = score_ids_.find(id_or_name); id != score_ids_.end()) return id->second;
   auto it = score_names_.find(name_key(id_or_name));
   return it == score_names_.end() ? nullptr : it->second;
}

const Concept* Catalogue::concept_(std::string_view id_or_name) const
{
   if (auto id = concept_ids_.find(id_or_name); id != concept_ids_.end()) return id->second;
   auto it = concept_names_.find(name_key(id_or_name));
   return it == concept_names_.end() ? nullptr : it->second;
}

const Concept* Catalogue::concept_by_code(std::string_view system, std::string_view code, IcdUse use, bool* history) const
{
   static const std::string icd10 = "http://hl7.org/fhir/sid/icd-10", icd10cm = "http://hl7.org/fhir/sid/icd-10-cm", atc = "http://www.whocc.no/atc";
   if (history) *history = false;
   auto find = [&](std::string_view sys, std::string_view c) -> const Concept* {
      auto it = concept_codes_.find(std::string(sys) + "|" + std::string(c));
      if (it == concept_codes_.end()) return nullptr;
      if (history) *history = it->second.history;
      return it->second.concept_;
   };
   const std::string written = catalogue_code(system, code, use);
   code = written;
   if (const Concept* c = find(system, code)) return c;
   if (not_codes_.count(std::string(system) + "|" + std::string(code))) return nullptr;
   const bool icd_10 = is_icd10(system);
   if (!icd_10 && !is_icd9(system) && system != atc) return nullptr;
   // Group codes: the longest listed prefix wins. ICD-10-CM codes also match ICD-10 entries.
   std::string c(code);
   while (c.size() > 1) {
      if (icd_10) {
         if (const Concept* x = find(icd10cm, c)) return x;
         if (const Concept* x = find(icd10, c)) return x;
      }
      else if (const Concept* x = find(system, c))
         return x;
      c.pop_back();
      if (!c.empty() && c.back() == '.') c.pop_back();
   }
   if (system == atc) return nullptr;
   // Blocks of categories: the narrowest that holds the code's category (blocks nest, so the one that starts last). An
   // ICD-9-CM procedure's category has two digits and falls in no diagnosis block.
   const std::string category(code.substr(0, code.find('.')));
   const IcdBlock* best = nullptr;
   for (const auto& b : icd_blocks_) {
      const bool same_system = b.system == system || (system == icd10cm && b.system == icd10);
      if (same_system && category.size() == b.first.size() && category >= b.first && category <= b.last &&
          (!best || b.first > best->first || (b.first == best->first && b.last < best->last)))
         best = &b;
   }
   if (best && history) *history = best->history;
   return best ? best->concept_ : nullptr;
}

const Analyte* Catalogue::analyte_by_log_loinc(std::string_view code) const
{
   auto it = analyte_log_loinc_.find(std::string(code));
   return it == analyte_log_loinc_.end() ? nullptr : it->second;
}

std::optional<bool> Catalogue::answer_text(std::string_view text) const
{
   const std::string t = name_key(text);
   if (std::find(yes_texts_.begin(), yes_texts_.end(), t) != yes_texts_.end()) return true;
   if (std::find(no_texts_.begin(), no_texts_.end(), t) != no_texts_.end()) return false;
   return std::nullopt;
}

const Score* Catalogue::score_by_loinc(std::string_view code) const
{
   auto it = score_loinc_.find(std::string(code));
   return it == score_loinc_.end() ? nullptr : it->second;
}

const Score* Catalogue::score_by_snomed(std::string_view code) const
{
   auto it = score_snomed_.find(std::string(code));
   return it == score_snomed_.end() ? nullptr : it->second;
}

const Concept* Catalogue::concept_by_observation(std::string_view loinc) const
{
   auto it = concept_observation_.find(std::string(loinc));
   return it == concept_observation_.end() ? nullptr : it->second;
}

std::optional<bool> Catalogue::answer(const Concept& c, std::string_view system, std::string_view written) const
{
   const std::string code = catalogue_code(system, written);
   auto in = [&](const std::vector<Code>& list) {
      return std::any_of(list.begin(), list.end(), [&](const Code& x) { return x.system == system && x.code == code; });
   };
   if (in(c.present) || in(yes_)) return true;
   if (in(c.absent) || in(no_)) return false;
   return std::nullopt;
}

std::size_t Catalogue::position(const Concept& c) const
{
   const auto at = reinterpret_cast<std::uintptr_t>(&c), first = reinterpret_cast<std::uintptr_t>(concepts_.data());
   if (at < first || at >= first + concepts_.size() * sizeof(Concept)) return concepts_.size();
   return (at - first) / sizeof(Concept);
}

bool Catalogue::is_a(const Concept& c, const Concept& ancestor) const
{
   if (&c == &ancestor) return true;
   if (const std::size_t i = position(c), j = position(ancestor); i < concepts_.size() && j < concepts_.size() && !ancestor_bits_.empty())
      return bit(ancestor_bits_, row_words_, i, j);
   auto it = ancestors_.find(&c);
   if (it == ancestors_.end()) return false;
   return std::find(it->second.begin(), it->second.end(), &ancestor) != it->second.end();
}

const Qualifier* Catalogue::qualifier(std::string_view spelling) const
{
   const std::string key = name_key(spelling);
   for (const auto& q : qualifier_words_.qualifiers)
      for (const auto& s : q.spellings)
         if (name_key(s) == key) return &q;
   return nullptr;
}

bool Catalogue::kind_of(const Concept& c, const Concept& ancestor) const
{
   if (&c == &ancestor) return true;
   if (const std::size_t i = position(c), j = position(ancestor); i < concepts_.size() && j < concepts_.size() && !kind_bits_.empty())
      return bit(kind_bits_, row_words_, i, j);
   auto it = kinds_.find(&c);
   return it != kinds_.end() && std::find(it->second.begin(), it->second.end(), &ancestor) != it->second.end();
}

bool Concept::domain_name(std::string_view written) const
{
   const std::string key = name_key(written);
   return std::any_of(domain_names.begin(), domain_names.end(), [&](const std::string& n) { return name_key(n) == key; });
}

const IndicationLink* Catalogue::is_a_for_indication(const Concept& c, const Concept& ancestor) const
{
   auto links_of = [&](const Concept& x) -> const IndicationLink* {
      for (const auto& link : x.is_a_for_indication)
         if (is_a(*link.cls, ancestor)) return &link;
      return nullptr;
   };
   if (const std::size_t i = position(c); i < indication_links_.size() && !indication_links_[i]) return nullptr;  // none to follow
   if (const IndicationLink* l = links_of(c)) return l;
   if (auto it = ancestors_.find(&c); it != ancestors_.end())
      for (const Concept* a : it->second)
         if (const IndicationLink* l = links_of(*a)) return l;
   return nullptr;
}

bool Catalogue::evidence_of(const Concept& finding, const Concept& c) const
{
   if (is_a(finding, c)) return false;
   return std::any_of(finding.evidence_of.begin(), finding.evidence_of.end(), [&](const Concept* e) { return is_a(*e, c); });
}

bool Catalogue::suggests(const Concept& finding, const Concept& c) const
{
   return std::any_of(finding.suggests.begin(), finding.suggests.end(), [&](const Concept* s) { return is_a(*s, c) || is_a(c, *s); });
}

std::shared_ptr<const Catalogue> Catalogue::builtin()
{
   static const std::shared_ptr<const Catalogue> cat = from_json(builtin_analytes_json, builtin_scores_json, builtin_concepts_json);
   return cat;
}

std::shared_ptr<const Catalogue> Catalogue::from_directory(const std::string& dir)
{
   auto read = [&](const char* name) {
      std::ifstream f(dir + "/" + name, std::ios::binary);
      if (!f) throw CatalogueError("cannot read " + dir + "/" + name);
      std::ostringstream ss;
      ss << f.rdbuf();
      return ss.str();
   };
   const bool own_filler = std::ifstream(dir + "/filler_words.json").good();
   const bool own_kinds = std::ifstream(dir + "/criterion_kinds.json").good();
   return from_json(read("analytes.json"), read("scores.json"), read("concepts.json"), own_filler ? read("filler_words.json") : std::string(),
                    own_kinds ? read("criterion_kinds.json") : std::string());
}

}  // namespace eligo
