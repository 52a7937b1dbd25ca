// Ordinal scores (Child-Pugh, ECOG, BCLC, ...): the recorded value, else the one derived from
// the patient's labs and findings (child_pugh.hpp, albi.hpp, bclc.hpp, cnlc.hpp).
#include <cmath>
#include <string>

#include "engine/evaluate/albi.hpp"
#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/child_pugh.hpp"
#include "engine/evaluate/cnlc.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

Tri in_accepted(const Predicate& p, int lo, int hi)
{
   bool all = true, none = true;
   for (int v = lo; v <= hi; ++v) {
      bool ok = false;
      for (const auto& [a, b] : p.accepted) ok = ok || (v >= a && v <= b);
      all = all && ok;
      none = none && !ok;
   }
   return all ? Tri::met : none ? Tri::not_met : Tri::unknown;
}

std::string range_text(const Score& s, int lo, int hi)
{
   if (lo == hi) return s.label_for(lo);
   return s.label_for(lo) + "–" + s.label_for(hi);
}

}  // namespace

template <class Q>
std::optional<Q> Evaluator::typed_lab(const char* analyte_id) const
{
   const Analyte* a = ctx_.catalogue.analyte(analyte_id);
   if (!a) return std::nullopt;
   const LabResult* l = latest(*a);
   if (!l || !l->comparator.empty()) return std::nullopt;
   if (stale(*l, ctx_.lab_window_days)) return std::nullopt;
   return q::typed<Q>(l->canonical, a->canonical);
}

// The recorded score: the newest dated assessment on or before the screening date
// (FHIR keeps them all), else the patient file's own. Two different values on the
// newest date are a conflict.
const ScoreValue* Evaluator::given_score(const std::string& id, std::string* conflict) const
{
   const ScoreValue* best = nullptr;
   for (const auto& s : ctx_.patient.score_history)
      if (s.score->id == id && s.date && *s.date <= ctx_.date && (!best || *s.date > *best->date)) best = &s;
   if (best) {
      for (const auto& s : ctx_.patient.score_history)
         if (conflict && &s != best && s.score->id == id && s.date == best->date && (s.lo != best->lo || s.hi != best->hi))
            *conflict = s.field + " gives " + s.label + ", " + best->field + " gives " + best->label;
      return best;
   }
   auto it = ctx_.patient.scores.find(id);
   if (it == ctx_.patient.scores.end() || (it->second.date && *it->second.date > ctx_.date)) return nullptr;
   return &it->second;
}

std::optional<Derivation> Evaluator::derive(const Score& s) const
{
   if (s.derived == DerivedScore::child_pugh) {
      ChildPughInputs in;
      in.bilirubin = typed_lab<q::SubstanceConcentration>("total_bilirubin");
      in.albumin = typed_lab<q::MassConcentration>("albumin");
      in.inr = typed_lab<q::Ratio>("inr");
      if (const ScoreValue* a = given_score("ascites")) in.ascites_points = Interval{a->lo, a->hi};
      if (const ScoreValue* he = given_score("hepatic_encephalopathy")) in.encephalopathy_grade = Interval{he->lo, he->hi};
      return derive_child_pugh(in);
   }
   if (s.derived == DerivedScore::albi) return derive_albi(typed_lab<q::SubstanceConcentration>("total_bilirubin"), typed_lab<q::MassConcentration>("albumin"));
   if (s.derived == DerivedScore::bclc || s.derived == DerivedScore::cnlc) {
      BclcInputs in;  // CNLC is staged from BCLC's inputs
      if (const Analyte* a = ctx_.catalogue.analyte("tumour_number"))
         if (const LabResult* l = latest(*a); l && l->comparator.empty()) in.tumour_number = static_cast<int>(std::lround(l->canonical));
      in.largest_tumour = typed_lab<q::Length>("tumour_size");
      auto finding = [&](const char* id) -> std::optional<bool> {
         Predicate f;
         f.kind = Predicate::Kind::fact;
         f.concept_ = ctx_.catalogue.concept_(id);
         if (!f.concept_) return std::nullopt;
         const Tri t = fact(f).result;
         return t == Tri::unknown ? std::nullopt : std::optional<bool>(t == Tri::met);
      };
      in.macrovascular_invasion = finding("macrovascular_invasion");
      in.extrahepatic_spread = finding("extrahepatic_spread");
      if (const ScoreValue* e = given_score("ecog")) in.ecog = Interval{e->lo, e->hi};
      if (const Score* cp = ctx_.catalogue.score("child_pugh")) {
         if (const ScoreValue* g = given_score("child_pugh")) {
            in.child_pugh = Interval{g->lo, g->hi};
            in.child_pugh_how = g->label + " (recorded)";
         }
         else if (auto cd = derive(*cp)) {
            in.child_pugh = cd->value;
            in.child_pugh_how = range_text(*cp, cd->value.lo, cd->value.hi) + " (derived)";
         }
      }
      return s.derived == DerivedScore::cnlc ? derive_cnlc(in) : derive_bclc(in);
   }
   return std::nullopt;
}

Outcome Evaluator::score(const Predicate& p) const
{
   const Score& s = *p.score;
   std::string conflict;
   const ScoreValue* given = given_score(s.id, &conflict);
   if (!conflict.empty())
      return Outcome{
          Tri::unknown, s.display + ": two assessments on " + given->date->str() + " disagree (" + conflict + ")", {s.display + " (one confirmed value)"}};
   Outcome o;
   if (given && !ctx_.explain) {
      o.result = in_accepted(p, given->lo, given->hi);
      if (o.result == Tri::unknown) o.missing.push_back(s.display);
      return o;
   }
   std::optional<Derivation> d = derive(s);
   if (given) {
      const auto& g = *given;
      o.result = in_accepted(p, g.lo, g.hi);
      o.why = s.display + " " + g.label + " (recorded" + (g.date ? " " + g.date->str() : std::string()) +
              (g.field.rfind("scores.", 0) == 0 || g.field.empty() ? std::string() : ", " + g.field) + ")";
      if (d) {
         const bool disagree = d->value.hi < g.lo || d->value.lo > g.hi;
         if (disagree) o.why += "; derived value disagrees: " + range_text(s, d->value.lo, d->value.hi) + " from " + d->how;
      }
   }
   else if (d) {
      o.result = in_accepted(p, d->value.lo, d->value.hi);
      o.why = s.display + " " + range_text(s, d->value.lo, d->value.hi) + " (derived: " + d->how + ")";
      if (o.result == Tri::unknown) o.missing = d->missing;
   }
   else {
      return Outcome{Tri::unknown, s.display + ": not recorded", {s.display}};
   }
   o.why += ", required " + p.accepted_text + ": " + in_words(o.result);
   if (o.result == Tri::unknown && o.missing.empty()) o.missing.push_back(s.display);
   return o;
}

}  // namespace eligo::evaluation
