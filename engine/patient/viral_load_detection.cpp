#include "engine/patient/viral_load_detection.hpp"

#include <cctype>
#include <sstream>

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

// The laboratory's call, from Observation.interpretation: true detected, false not, nullopt when it says neither or
// nothing. `said` names it for the why; `unsettled` is set when it is indeterminate, equivocal or contradictory.
std::optional<bool> interpretation(const Catalogue& cat, const Concept& finding, const json& holder, std::string& said, bool& unsettled)
{
   std::optional<bool> call;
   auto it = holder.find("interpretation");
   if (it == holder.end() || !it->is_array()) return call;
   for (const auto& cc : *it) {
      auto codings = cc.is_object() ? cc.find("coding") : cc.end();
      if (!cc.is_object() || codings == cc.end() || !codings->is_array()) continue;
      for (const auto& coding : *codings) {
         if (!coding.is_object()) continue;
         const std::string sys = text(coding, "system"), code = text(coding, "code");
         std::optional<bool> says;
         if (sys == interpretation_system) {
            if (code == "POS" || code == "DET") says = true;
            if (code == "NEG" || code == "ND") says = false;
            if (code == "IND" || code == "E") {
               said = "interpretation " + code;
               unsettled = true;
            }
         }
         else
            says = cat.answer(finding, sys, code);
         if (!says) continue;
         if (call && *call != *says) unsettled = true;
         call = says;
         said = "interpretation " + code;
      }
   }
   return call;
}

std::string number(double v)
{
   std::ostringstream s;
   s.precision(12);
   s << v;
   return s.str();
}

}  // namespace

std::optional<Detection> read_detection(const Catalogue& cat, const Concept& finding, const json& holder, bool log_scale)
{
   using State = Detection::State;
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
      result = "\"" + s->get<std::string>() + "\"";
   }

   std::string said;
   bool unsettled = false;
   const std::optional<bool> call = interpretation(cat, finding, holder, said, unsettled);
   const std::string quoted = result.empty() ? said : said.empty() ? result : result + ", " + said;
   if (unsettled) return Detection{State::unsettled, quoted, "the laboratory's interpretation says neither detected nor not detected"};
   if (call) return Detection{*call ? State::present : State::absent, quoted, ""};

   if (auto s = holder.find("valueString"); s != holder.end() && s->is_string()) {
      const std::string t = s->get<std::string>();
      if (const std::optional<bool> a = cat.answer_text(t)) return Detection{*a ? State::present : State::absent, quoted, ""};
      const std::size_t first = t.find_first_not_of(" \t");
      if (first != std::string::npos && t[first] == '<')
         return Detection{State::unsettled, quoted, "a result below the assay's limit of quantification may or may not be detected"};
      return std::nullopt;
   }
   if (!value) return std::nullopt;
   if (comparator == "<" || comparator == "<=")
      return Detection{State::unsettled, quoted, "a result below the assay's limit of quantification may or may not be detected"};
   if (*value < 0 && !log_scale) return std::nullopt;  // not a load: the lab reading refuses it
   if (comparator == ">" || comparator == ">=") return Detection{State::present, quoted, ""};
   if (*value > 0) return Detection{State::present, quoted, ""};
   if (*value == 0 && !log_scale) return Detection{State::absent, quoted, ""};
   return Detection{State::unsettled, quoted, "a log-scale result of zero or less (one unit or fewer) does not say whether it was detected"};
}

}  // namespace eligo
