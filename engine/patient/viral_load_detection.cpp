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

// Observation.interpretation: coded (an answer code the catalogue knows: HL7 v3 POS, DET, NEG, ND, or SNOMED CT) or as text.
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
            // POS, DET, NEG, ND are answers of concepts.json fhir.answers; Indeterminate and Equivocal say neither.
            const std::optional<bool> says = cat.answer(finding, sys, code);
            if (sys == interpretation_system && (code == "IND" || code == "E")) st.neither = "interpretation " + code;
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

// The words of a text, lower-cased, with punctuation and the thousands commas of numbers taken out.
std::vector<std::string> tokens(std::string_view raw)
{
   std::string t;
   for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      const bool digit_comma = c == ',' && i > 0 && i + 1 < raw.size() && std::isdigit(static_cast<unsigned char>(raw[i - 1])) &&
                               std::isdigit(static_cast<unsigned char>(raw[i + 1]));
      if (digit_comma) continue;
      if (c == '-' || c == '_' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' || c == '\'' || c == '!')
         t += ' ';
      else
         t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   }
   std::vector<std::string> out;
   std::string w;
   for (char c : t + " ") {
      if (c == ' ' || c == '\t' || c == '\n') {
         while (!w.empty() && w.back() == '.') w.pop_back();  // a full stop; "0.5" keeps its point
         if (!w.empty()) out.push_back(w);
         w.clear();
      }
      else
         w += c;
   }
   return out;
}

bool number_token(const std::string& w)
{
   std::size_t i = 0;
   while (i < w.size() && (w[i] == '<' || w[i] == '>' || w[i] == '=')) ++i;
   return i < w.size() && (std::isdigit(static_cast<unsigned char>(w[i])) || w[i] == '.');
}

bool unit_token(const std::string& w)
{
   return w.find("/ml") != std::string::npos || w.find("/l") != std::string::npos || w == "iu" || w == "copies" || w == "log" || w == "log10";
}

// The words that name what was tested, which a result phrase may carry: "HCV RNA not detected", "Target not detected".
bool subject_token(const std::string& w)
{
   for (std::string_view s : {"hcv", "hbv", "hiv", "hiv1", "rna", "dna", "target", "virus", "viral", "load", "result", "quantitative", "pcr", "naat"})
      if (w == s) return true;
   return false;
}

// The result phrase a whole text is, once numbers with their units, bounds ("<LLOQ") and the words naming the test are set
// aside: "not detected", "detected", "no detected" (from "No HCV RNA detected"); more words when the text says more.
std::string phrase(std::string_view raw)
{
   std::string out;
   bool after_number = false;
   for (const std::string& w : tokens(raw)) {
      if (number_token(w) || w[0] == '<' || w[0] == '>') {
         after_number = true;
         continue;
      }
      if ((after_number && unit_token(w)) || subject_token(w)) continue;
      after_number = false;
      out += (out.empty() ? "" : " ") + w;
   }
   return out;
}

// A load written as text: "850000 IU/mL", ">100,000,000 IU/mL", "<15 IU/mL". The comparator and the number, or nothing.
std::optional<std::pair<std::string, double>> written_number(std::string_view raw)
{
   const std::vector<std::string> ws = tokens(raw);
   if (ws.empty() || ws.size() > 3 || !number_token(ws[0])) return std::nullopt;
   for (std::size_t i = 1; i < ws.size(); ++i)
      if (!unit_token(ws[i])) return std::nullopt;
   std::string w = ws[0], comparator;
   while (!w.empty() && (w[0] == '<' || w[0] == '>' || w[0] == '=')) comparator += w[0], w.erase(0, 1);
   try {
      std::size_t used = 0;
      const double v = std::stod(w, &used);
      if (used != w.size()) return std::nullopt;
      return std::make_pair(comparator, v);
   }
   catch (...) {
      return std::nullopt;
   }
}

}  // namespace

std::optional<bool> detection_words(std::string_view raw)
{
   const std::string p = phrase(raw);
   for (std::string_view no : {"not detected",
                               "undetected",
                               "undetectable",
                               "non detectable",
                               "nondetectable",
                               "not detectable",
                               "non detected",
                               "nondetected",
                               "none detected",
                               "no detected",
                               "no detectable",
                               "tnd",
                               "negative",
                               "neg",
                               "nd",
                               "below detection limit",
                               "below the detection limit",
                               "below limit of detection",
                               "below the limit of detection",
                               "not found",
                               "non reactive",
                               "nonreactive"})
      if (p == no) return false;
   for (std::string_view yes : {"detected", "detectable", "positive", "pos", "det", "reactive", "detected below the limit of quantification",
                                "detected below the limit of quantitation", "detected not quantifiable", "detected but not quantifiable",
                                "detected below quantification limit", "detected below the lower limit of quantification", "detected below lloq"})
      if (p == yes) return true;
   return std::nullopt;
}

bool not_a_result(std::string_view raw)
{
   const std::string p = phrase(raw);
   for (std::string_view w : {"qns", "quantity not sufficient", "insufficient quantity", "insufficient sample", "invalid", "test not performed",
                              "not performed", "cancelled", "canceled", "specimen rejected", "rejected", "test cancelled", "hemolyzed", "haemolysed"})
      if (p == w) return true;
   return false;
}

std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const json& holder, const json* parent, bool log_scale)
{
   using State = Detection::State;
   Statements st;
   interpretation(cat, finding, holder, st);
   notes(holder, st);
   // A component's Observation speaks for it when the component says nothing itself (the reader passes it only when every
   // component is a result of the same analyte: the words of a panel are not carried over to another analyte's result).
   if (parent && parent != &holder && st.said.empty() && st.neither.empty()) {
      interpretation(cat, finding, *parent, st);
      notes(*parent, st);
   }

   std::string result;
   std::optional<double> value;
   std::string comparator;
   bool non_result = false;
   auto unit_is_log = [&](const std::string& unit) {
      std::string lower = unit;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.find("log") != std::string::npos) log_scale = true;  // "log IU/mL" on a linear code: zero is one unit
   };
   if (auto q = holder.find("valueQuantity"); q != holder.end() && q->is_object()) {
      if (auto v = q->find("value"); v != q->end() && v->is_number()) value = v->get<double>();
      comparator = text(*q, "comparator");
      std::string unit = text(*q, "code");
      if (unit.empty()) unit = text(*q, "unit");
      if (value) result = comparator + number(*value) + (unit.empty() ? "" : " " + unit);
      unit_is_log(unit);
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
      else if (const auto n = written_number(t)) {
         value = n->second, comparator = n->first;
         unit_is_log(t);
      }
      else if (not_a_result(t))
         non_result = true;
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
      if (!says) says = detection_words(shown);
      result = "'" + shown + "'";
      if (says)
         st.add(says, result);
      else if (not_a_result(shown))
         non_result = true;
      else
         st.neither = result + " says neither detected nor not detected";
   }
   else {
      for (const auto& [k, v] : holder.items())
         if (k.rfind("value", 0) == 0) st.neither = k + " says neither detected nor not detected";
   }
   if (non_result) return std::nullopt;  // "QNS", "Invalid", "Test not performed": no result, so no record

   std::string quoted = result;
   for (const auto& [says, where] : st.said)
      if (where != result) quoted += (quoted.empty() ? "" : "; ") + where;
   bool yes = false, no = false;
   for (const auto& x : st.said) (x.first ? yes : no) = true;
   if (yes && no) return Detection{State::unsettled, quoted, "the laboratory's words disagree"};
   // Words and a quantified load must agree: 850,000 IU/mL beside "Not detected" (canned text, a previous sample), or 0
   // beside "Detected", says neither. A bound below agrees with both ("<15 IU/mL, not detected"; "<15, detected").
   const bool bound = comparator == "<" || comparator == "<=";
   if (value && !bound && (yes || no)) {
      const bool quantified = comparator == ">" || comparator == ">=" || *value > 0;
      if ((no && quantified && !log_scale) || (no && log_scale && *value > 0) || (yes && *value == 0 && !log_scale))
         return Detection{State::unsettled, quoted, "the words and the number disagree"};
   }
   if (yes || no) return Detection{yes ? State::present : State::absent, quoted, ""};
   if (!st.neither.empty()) return Detection{State::unsettled, quoted, st.neither};
   if (!value) return std::nullopt;
   if (bound) return Detection{State::unsettled, quoted, "a result below the assay's limit of quantification may or may not be detected"};
   if (*value < 0 && !log_scale) return std::nullopt;  // not a load: the lab reading refuses it
   if (comparator == ">" || comparator == ">=" || *value > 0) return Detection{State::present, quoted, ""};
   if (*value == 0 && !log_scale) return Detection{State::absent, quoted, ""};
   return Detection{State::unsettled, quoted, "a log-scale result of zero or less (one unit or fewer) does not say whether it was detected"};
}

}  // namespace eligo
