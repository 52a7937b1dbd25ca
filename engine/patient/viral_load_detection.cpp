#include "engine/patient/viral_load_detection.hpp"

#include <cctype>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace eligo {

namespace {

using nlohmann::json;

constexpr std::string_view interpretation_system = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

std::string text(const json& j, const char* key)
{
   auto it = j.find(key);
   return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string number(double v)
{
   std::ostringstream s;
   s.precision(12);
   s << v;
   return s.str();
}

// What the laboratory says in so many words, from each place it may say it, with where, for the why.
struct Statements {
   std::vector<std::pair<bool, std::string>> said;
   std::string neither;  // an interpretation that says neither (IND, E), or a value that says nothing readable

   void add(std::optional<bool> s, const std::string& where)
   {
      if (s) said.push_back({*s, where});
   }
};

// Observation.interpretation: coded (HL7 v3, or an answer code the catalogue knows) or as text.
void interpretation(const Catalogue& cat, const Concept& finding, const json& holder, Statements& st)
{
   auto it = holder.find("interpretation");
   if (it == holder.end() || !it->is_array()) return;
   for (const auto& cc : *it) {
      if (!cc.is_object()) continue;
      bool coded = false;
      if (auto codings = cc.find("coding"); codings != cc.end() && codings->is_array())
         for (const auto& coding : *codings) {
            if (!coding.is_object()) continue;
            const std::string sys = text(coding, "system"), code = text(coding, "code");
            std::optional<bool> says;
            if (sys == interpretation_system) {
               if (code == "POS" || code == "DET") says = true;
               if (code == "NEG" || code == "ND") says = false;
               if (code == "IND" || code == "E") st.neither = "interpretation " + code;
            }
            else
               says = cat.answer(finding, sys, code);
            if (says) coded = true;
            st.add(says, "interpretation " + code);
         }
      if (!coded) st.add(detection_words(text(cc, "text")), "interpretation '" + text(cc, "text") + "'");
   }
}

void notes(const json& holder, Statements& st)
{
   auto it = holder.find("note");
   if (it == holder.end() || !it->is_array()) return;
   for (const auto& n : *it)
      if (n.is_object()) st.add(detection_words(text(n, "text")), "note '" + text(n, "text") + "'");
}

bool has_word(const std::string& t, std::string_view w)
{
   for (std::size_t at = t.find(w); at != std::string::npos; at = t.find(w, at + 1)) {
      const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(t[at - 1]));
      const bool ends = at + w.size() == t.size() || !std::isalpha(static_cast<unsigned char>(t[at + w.size()]));
      if (starts && ends) return true;
   }
   return false;
}

}  // namespace

std::optional<bool> detection_words(std::string_view raw)
{
   std::string t;
   for (char c : raw) t += c == '-' || c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   for (std::string_view no : {"not detected", "undetected", "undetectable", "non detected", "nondetected", "none detected", "not detectable", "tnd",
                               "negative", "non reactive", "nonreactive", "not found"})
      if (has_word(t, no)) return false;
   for (std::string_view yes : {"detected", "detectable", "positive", "reactive"})
      if (has_word(t, yes)) return true;
   return std::nullopt;
}

std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const json& holder, const json* parent, bool log_scale)
{
   using State = Detection::State;
   Statements st;
   interpretation(cat, finding, holder, st);
   notes(holder, st);
   // A component's Observation speaks for it when the component says nothing itself.
   if (parent && parent != &holder && st.said.empty() && st.neither.empty()) {
      interpretation(cat, finding, *parent, st);
      notes(*parent, st);
   }

   std::string result;
   std::optional<double> value;
   std::string comparator;
   if (auto q = holder.find("valueQuantity"); q != holder.end() && q->is_object()) {
      if (auto v = q->find("value"); v != q->end() && v->is_number()) value = v->get<double>();
      comparator = text(*q, "comparator");
      std::string unit = text(*q, "code");
      if (unit.empty()) unit = text(*q, "unit");
      if (value) result = comparator + number(*value) + (unit.empty() ? "" : " " + unit);
      // A log unit on a linear code ("log IU/mL", "{log_copies}/mL"): zero is one unit, not none.
      std::string lower = unit;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.find("log") != std::string::npos) log_scale = true;
   }
   else if (auto i = holder.find("valueInteger"); i != holder.end() && i->is_number_integer()) {
      value = i->get<double>();
      result = number(*value);
   }
   else if (auto s = holder.find("valueString"); s != holder.end() && s->is_string()) {
      const std::string t = s->get<std::string>();
      result = "'" + t + "'";
      std::optional<bool> says = cat.answer_text(t);
      if (!says) says = detection_words(t);
      if (says)
         st.add(says, result);
      else if (t.find_first_not_of(" \t") != std::string::npos && t[t.find_first_not_of(" \t")] == '<')
         st.neither = result + ", below the assay's limit of quantification, may or may not be detected";
      else
         st.neither = result + " says neither detected nor not detected";
   }
   else if (auto cc = holder.find("valueCodeableConcept"); cc != holder.end() && cc->is_object()) {
      std::optional<bool> says;
      std::string shown = text(*cc, "text");
      if (auto codings = cc->find("coding"); codings != cc->end() && codings->is_array())
         for (const auto& coding : *codings)
            if (coding.is_object()) {
               if (shown.empty()) shown = text(coding, "display").empty() ? text(coding, "code") : text(coding, "display");
               if ((says = cat.answer(finding, text(coding, "system"), text(coding, "code")))) break;
            }
      if (!says) says = detection_words(text(*cc, "text"));
      result = "'" + shown + "'";
      if (says)
         st.add(says, result);
      else
         st.neither = result + " says neither detected nor not detected";
   }
   else {
      for (const auto& [k, v] : holder.items())
         if (k.rfind("value", 0) == 0) st.neither = k + " says neither detected nor not detected";
   }

   std::string quoted = result;
   for (const auto& [says, where] : st.said)
      if (where != result) quoted += (quoted.empty() ? "" : "; ") + where;
   bool yes = false, no = false;
   for (const auto& s : st.said) (s.first ? yes : no) = true;
   if (yes && no) return Detection{State::unsettled, quoted, "the laboratory's words disagree"};
   if (yes || no) return Detection{yes ? State::present : State::absent, quoted, ""};
   if (!st.neither.empty()) return Detection{State::unsettled, quoted, st.neither};
   if (!value) return std::nullopt;
   if (comparator == "<" || comparator == "<=")
      return Detection{State::unsettled, quoted, "a result below the assay's limit of quantification may or may not be detected"};
   if (*value < 0 && !log_scale) return std::nullopt;  // not a load: the lab reading refuses it
   if (comparator == ">" || comparator == ">=" || *value > 0) return Detection{State::present, quoted, ""};
   if (*value == 0 && !log_scale) return Detection{State::absent, quoted, ""};
   return Detection{State::unsettled, quoted, "a log-scale result of zero or less (one unit or fewer) does not say whether it was detected"};
}

}  // namespace eligo
