#include "engine/report/trial_json.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "engine/core/units.hpp"

namespace eligo {

using json = nlohmann::ordered_json;

namespace {

json criterion_definition(const Criterion& c)
{
   json j = {{"id", c.id}, {"section", to_string(c.section)}, {"line", c.line}, {"text", c.text}, {"kind", to_string(c.kind)}};
   if (!c.as.empty()) j["as"] = c.as;
   if (!c.combination.empty()) j["combination"] = c.combination;
   if (!c.notes.empty()) j["notes"] = c.notes;
   j["manual"] = c.manual;
   if (c.manual)
      j["reason"] = c.predicate.reason;
   else
      j["compiled"] = to_string(c.predicate);
   if (!c.children.empty()) {
      j["children"] = json::array();
      for (const auto& ch : c.children) j["children"].push_back(criterion_definition(ch));
   }
   return j;
}

// Two spellings of one unit ("mg/dl" and "mg/dL"): the same dimension and scale.
bool same_unit(const Unit& a, const Unit& b) { return a.dim == b.dim && std::fabs(a.factor - b.factor) <= 1e-12 * std::fabs(b.factor); }

// The form's fields, in first-use order, without repeats.
struct Inputs {
   const Catalogue& catalogue;
   std::vector<const Analyte*> labs;
   std::set<const Analyte*> uln;  // labs compared with their ULN or LLN: the form asks for the reference range
   // The units the criteria write each lab's thresholds in ("≤ 3.0 mg/dL"), each with how often, in first-use order.
   std::map<const Analyte*, std::vector<std::pair<Unit, int>>> written;
   std::vector<const Score*> scores;
   std::vector<std::pair<std::string, const Concept*>> history;  // list name, concept
   bool age = false, sex = false;

   template <class T>
   static void add(std::vector<T>& v, T x)
   {
      if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
   }
   void lab(std::string_view id)
   {
      if (const Analyte* a = catalogue.analyte(id)) add(labs, a);
   }
   void score(std::string_view id)
   {
      if (const Score* s = catalogue.score(id)) add(scores, s);
   }

   void walk(const Predicate& p)
   {
      switch (p.kind) {
         case Predicate::Kind::measure:
            if (p.analyte->id == "age")
               age = true;
            else {
               add(labs, p.analyte);
               if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal)
                  uln.insert(p.analyte);
               else {
                  auto& units = written[p.analyte];
                  auto u = std::find_if(units.begin(), units.end(), [&](const auto& x) { return same_unit(x.first, p.unit); });
                  if (u == units.end())
                     units.push_back({p.unit, 1});
                  else
                     ++u->second;
               }
            }
            break;
         case Predicate::Kind::score:
            // A derived score can be given as it is, or from what it is derived from.
            if (p.score->derived == DerivedScore::child_pugh) {
               for (auto id : {"total_bilirubin", "albumin", "inr"}) lab(id);
               for (auto id : {"ascites", "hepatic_encephalopathy"}) score(id);
            }
            else if (p.score->derived == DerivedScore::albi)
               for (auto id : {"total_bilirubin", "albumin"}) lab(id);
            add(scores, p.score);
            break;
         case Predicate::Kind::sex: sex = true; break;
         case Predicate::Kind::fact: {
            const std::string list = p.allergy                                     ? "allergies"
                                     : p.concept_->kind == ConceptKind::condition  ? "conditions"
                                     : p.concept_->kind == ConceptKind::medication ? "medications"
                                     : p.concept_->kind == ConceptKind::procedure  ? "procedures"
                                                                                   : "findings";
            add(history, std::make_pair(list, p.concept_));
            if (p.after) add(history, std::make_pair(std::string("procedures"), p.after->event));  // its date anchors the fact
            break;
         }
         default: break;
      }
      for (const auto& c : p.children) walk(c);
   }
   void walk(const Criterion& c)
   {
      if (!c.manual) walk(c.predicate);
      for (const auto& ch : c.children) walk(ch);
   }
};

}  // namespace

json trial_json(const Trial& t)
{
   json j = {
       {"id", t.id}, {"title", t.title}, {"file", t.path}, {"header", t.header}, {"criteria_count", t.count_criteria()}, {"manual_count", t.count_manual()}};
   if (t.lab_window_days) j["lab_window_days"] = *t.lab_window_days;
   if (t.criteria_partial) j["criteria_partial"] = true;
   j["criteria"] = json::array();
   for (const auto& c : t.criteria) j["criteria"].push_back(criterion_definition(c));
   return j;
}

namespace {

// The unit the criteria write an analyte in most often (the first written, on a tie), if any writes one.
std::optional<Unit> most_written(const Inputs& in, const Analyte* a)
{
   const auto it = in.written.find(a);
   if (it == in.written.end() || it->second.empty()) return std::nullopt;
   return std::max_element(it->second.begin(), it->second.end(), [](const auto& x, const auto& y) { return x.second < y.second; })->first;
}

std::string unit_display(const std::string& code)
{
   const std::string d = display_unit(code);
   return d.empty() || code.front() == '{' ? "(no unit)" : d;
}

// value in `from` × factor = value in `to`, by the engine's conversion (through the analyte's molar mass between
// mass and substance); absent when the two cannot be converted.
void add_factor(json& j, const char* key, const Unit& from, const Unit& to, const Analyte& a)
{
   if (!convertible(from, to, a.molar_mass.has_value())) return;
   const Conversion c = convert(1.0, from, to, a.molar_mass);
   j[key] = c.value;
   if (c.via_molar_mass) j[std::string(key) + "_molar_mass"] = c.molar_mass;
}

}  // namespace

json trial_inputs_json(const std::vector<const Trial*>& trials, const Catalogue& catalogue, const std::vector<const Trial*>& conventions)
{
   Inputs in{catalogue, {}, {}, {}, {}, {}};
   for (const Trial* t : trials)
      for (const auto& c : t->criteria) in.walk(c);
   Inputs usual{catalogue, {}, {}, {}, {}, {}};
   for (const Trial* t : conventions)
      for (const auto& c : t->criteria) usual.walk(c);
   json labs = json::array();
   for (const Analyte* a : in.labs) {
      // The unit to ask for: the one these trials write the analyte's thresholds in, else the one the trials loaded
      // write it in most often (its usual unit), else the catalogue's first.
      std::optional<Unit> unit = most_written(in, a);
      const char* from = "criteria";
      if (!unit) {
         unit = most_written(usual, a);
         from = "usual";
      }
      if (!unit) {
         unit = a->units.empty() ? a->canonical : a->unit(a->units.front());
         from = "catalogue";
      }
      // The unit as the catalogue lists it, or a spelling it lists of the same unit ("mg/dl" is "mg/dL"), else added.
      std::vector<std::string> codes = a->units;
      std::string unit_code = unit->code;
      auto listed = std::find(codes.begin(), codes.end(), unit->code);
      if (listed == codes.end())
         listed = std::find_if(codes.begin(), codes.end(), [&](const std::string& c) {
            const auto u = try_parse_unit(c);
            return u && same_unit(*u, *unit);
         });
      if (listed != codes.end())
         unit_code = *listed;
      else
         codes.push_back(unit_code);
      json units = json::array();
      // One entry per unit a user can tell apart: "{INR}" and "1" are both "no unit".
      std::set<std::string> shown;
      for (const auto& code : codes) {
         const std::string d = unit_display(code);
         if (!shown.insert(d).second) continue;
         json u = {{"code", code}, {"display", d}};
         if (const auto parsed = try_parse_unit(code)) {
            add_factor(u, "to_unit", *parsed, *unit, *a);
            add_factor(u, "to_canonical", *parsed, a->canonical, *a);
         }
         units.push_back(u);
      }
      // The unit as listed: "{INR}" chosen stands for "1" when both are "(no unit)".
      for (const auto& u : units)
         if (u["display"] == unit_display(unit_code)) unit_code = u["code"];
      json l = {{"analyte", a->id},
                {"display", a->display},
                {"unit", unit_code},
                {"unit_from", from},
                {"canonical", {{"code", a->canonical.code}, {"display", unit_display(a->canonical.code)}}},
                {"units", units},
                {"uln", in.uln.count(a) > 0}};
      if (a->reference_range) l["default_range"] = {{"low", a->reference_range->low}, {"high", a->reference_range->high}, {"unit", a->canonical.code}};
      labs.push_back(l);
   }
   json scores = json::array();
   for (const Score* s : in.scores) {
      // One choice per value: its number (or first label) and every label that names it.
      json labels = json::array();
      auto spelled = [&](const std::string& l) { return s->label_spelling.count(l) ? s->label_spelling.at(l) : l; };
      if (s->numeric_labels)
         for (int v = s->min; v <= s->max; v += std::max(1, s->step)) {
            std::string names;
            for (const auto& l : s->label_order)
               if (s->labels.at(l) == std::make_pair(v, v)) names += (names.empty() ? "" : ", ") + spelled(l);
            labels.push_back({{"value", std::to_string(v)}, {"text", names.empty() ? std::to_string(v) : std::to_string(v) + " (" + names + ")"}});
         }
      else {
         std::vector<std::pair<std::pair<int, int>, std::vector<std::string>>> groups;
         for (const auto& l : s->label_order) {
            const auto range = s->labels.at(l);
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == range; });
            if (g == groups.end())
               groups.push_back({range, {spelled(l)}});
            else
               g->second.push_back(spelled(l));
         }
         std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
         for (const auto& [range, names] : groups) {
            std::string text;
            for (const auto& n : names) text += (text.empty() ? "" : " / ") + n;
            labels.push_back({{"value", names.front()}, {"text", text}});
         }
      }
      json sj = {{"score", s->id}, {"display", s->display}, {"labels", labels}};
      if (s->derived != DerivedScore::none) sj["derived"] = to_string(s->derived);
      scores.push_back(sj);
   }
   json history = {{"conditions", json::array()}, {"medications", json::array()}, {"procedures", json::array()}, {"allergies", json::array()}};
   json findings = json::array();
   for (const auto& [list, c] : in.history) {
      json cj = {{"concept", c->id}, {"display", c->display}};
      if (!c->sex.empty()) cj["sex"] = c->sex;
      if (list == "findings")
         findings.push_back(cj);
      else
         history[list].push_back(cj);
   }
   return {{"birth_date", in.age}, {"sex", in.sex}, {"labs", labs}, {"scores", scores}, {"findings", findings}, {"history", history}};
}

}  // namespace eligo
