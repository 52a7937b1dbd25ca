// Ordinal scores (Child-Pugh, ECOG, BCLC, ...): the recorded value, else the one derived from
// the patient's labs and findings (child_pugh.hpp, albi.hpp, bclc.hpp, cnlc.hpp).
#include <cctype>
#include <cmath>
#include <string>

#include "engine/evaluate/albi.hpp"
#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/child_pugh.hpp"
#include "engine/evaluate/cnlc.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

std::string range_text(const Score& s, int lo, int hi)
{
   if (lo == hi) return s.label_for(lo);
   return s.label_for(lo) + "–" + s.label_for(hi);
}

}  // namespace

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

template <class Q>
std::optional<Q> Evaluator::typed_lab(const char* analyte_id, InputWindow* w) const
{
   const Analyte* a = ctx_.catalogue.analyte(analyte_id);
   if (!a) return std::nullopt;
   const LabResult* l = latest(*a);  // null too when a newer result could not be used
   if (!l || !l->comparator.empty() || !l->conflict.empty()) return std::nullopt;
   if (stale(*l, ctx_.lab_window_days)) return std::nullopt;
   if (w && l->date < w->from) {
      w->left_out.push_back(a->display + " (" + l->date.str() + ")");
      w->names.push_back(a->display);
      w->wanted.push_back(a->display + " (result within " + duration_text(w->criterion->assessed_within, w->criterion->assessed_unit) + ")");
      return std::nullopt;
   }
   return q::typed<Q>(l->canonical, a->canonical);
}

// A recorded score a derivation reads (ascites for Child-Pugh, ECOG for BCLC): under an assessment window, one dated
// before it is not used; one without a date is taken as current, as the patient file gives it.
const ScoreValue* Evaluator::input_score(const std::string& id, InputWindow* w) const
{
   const ScoreValue* g = given_score(id);
   if (g && w && g->date && *g->date < w->from) {
      w->left_out.push_back(g->score->display + " " + g->label + " (" + g->date->str() + ")");
      w->names.push_back(g->score->display);
      w->wanted.push_back(g->score->display + " (assessed within " + duration_text(w->criterion->assessed_within, w->criterion->assessed_unit) + ")");
      return nullptr;
   }
   return g;
}

// A finding a derivation reads (vascular invasion, extrahepatic spread for BCLC); under an assessment window, dated
// findings before it are not used (fact.cpp).
std::optional<bool> Evaluator::input_finding(const char* concept_id, InputWindow* w) const
{
   Predicate f;
   f.kind = Predicate::Kind::fact;
   f.concept_ = ctx_.catalogue.concept_(concept_id);
   if (!f.concept_) return std::nullopt;
   if (w) {
      f.assessed_within = w->criterion->assessed_within;
      f.assessed_unit = w->criterion->assessed_unit;
   }
   const Tri t = fact(f).result;
   if (t == Tri::unknown && w)
      for (const auto& r : ctx_.patient.finding_history)
         if (ctx_.catalogue.is_a(*r.concept_, *f.concept_) && r.date < w->from) {
            w->left_out.push_back(r.concept_->display + " (" + r.date.str() + ")");
            w->names.push_back(f.concept_->display);
            w->wanted.push_back(f.concept_->display + " (recorded within " + duration_text(w->criterion->assessed_within, w->criterion->assessed_unit) + ")");
            break;
         }
   return t == Tri::unknown ? std::nullopt : std::optional<bool>(t == Tri::met);
}

// The recorded score: the newest dated assessment on or before the screening date
// (FHIR keeps them all), else the patient file's own. Two different values on the
// newest date are a conflict. A newer assessment that could not be used leaves none (`unusable` says which): the older
// one is not the latest.
const ScoreValue* Evaluator::given_score(const std::string& id, std::string* conflict, const Skipped** unusable) const
{
   const ScoreValue* best = nullptr;
   for (const auto& s : ctx_.patient.score_history)
      if (s.score->id == id && s.date && *s.date <= ctx_.date && (!best || *s.date > *best->date)) best = &s;
   if (!ctx_.patient.skipped.empty())
      if (const Score* sc = ctx_.catalogue.score(id))
         if (const Skipped* k = newest_unusable(ctx_.patient, *sc, ctx_.date); k && (!best || supersedes(*k, *best->date))) {
            if (unusable) *unusable = k;
            return nullptr;
         }
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

std::optional<Derivation> Evaluator::derive(const Score& s, InputWindow* w) const
{
   if (s.derived == DerivedScore::child_pugh) {
      ChildPughInputs in;
      in.bilirubin = typed_lab<q::SubstanceConcentration>("total_bilirubin", w);
      in.albumin = typed_lab<q::MassConcentration>("albumin", w);
      in.inr = typed_lab<q::Ratio>("inr", w);
      if (const ScoreValue* a = input_score("ascites", w)) in.ascites_points = Interval{a->lo, a->hi};
      if (const ScoreValue* he = input_score("hepatic_encephalopathy", w)) in.encephalopathy_grade = Interval{he->lo, he->hi};
      return derive_child_pugh(in);
   }
   if (s.derived == DerivedScore::albi)
      return derive_albi(typed_lab<q::SubstanceConcentration>("total_bilirubin", w), typed_lab<q::MassConcentration>("albumin", w));
   if (s.derived == DerivedScore::bclc || s.derived == DerivedScore::cnlc) {
      BclcInputs in;  // CNLC is staged from BCLC's inputs
      if (const Analyte* a = ctx_.catalogue.analyte("tumour_number"))
         if (const LabResult* l = latest(*a); l && l->comparator.empty() && l->conflict.empty()) {
            if (w && l->date < w->from) {
               w->left_out.push_back(a->display + " (" + l->date.str() + ")");
               w->names.push_back(a->display);
               w->wanted.push_back(a->display + " (result within " + duration_text(w->criterion->assessed_within, w->criterion->assessed_unit) + ")");
            }
            else
               in.tumour_number = static_cast<int>(std::lround(l->canonical));
         }
      in.largest_tumour = typed_lab<q::Length>("tumour_size", w);
      in.macrovascular_invasion = input_finding("macrovascular_invasion", w);
      in.extrahepatic_spread = input_finding("extrahepatic_spread", w);
      if (const ScoreValue* e = input_score("ecog", w)) in.ecog = Interval{e->lo, e->hi};
      if (const Score* cp = ctx_.catalogue.score("child_pugh")) {
         if (const ScoreValue* g = input_score("child_pugh", w)) {
            in.child_pugh = Interval{g->lo, g->hi};
            in.child_pugh_how = g->label + " (recorded)";
         }
         else if (auto cd = derive(*cp, w)) {
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
   const Skipped* unusable = nullptr;
   const ScoreValue* given = given_score(s.id, &conflict, &unusable);
   if (unusable)
      return Outcome{
          Tri::unknown,
          s.display + ": the latest assessment (" + unusable->date->str() + ", " + unusable->where + ") was skipped as unusable: " + unusable->reason,
          {s.display + " (a usable assessment)"}};
   // Under the criterion's own assessment window, a recorded value must be dated within it; one that is not is set
   // aside (the derived value, if the score has one, may still settle it).
   const std::optional<Freshness> fresh = freshness(nullptr, p);
   std::string set_aside;
   if (fresh && given && (!given->date || *given->date < fresh->from)) {
      set_aside = s.display + " " + given->label +
                  (given->date ? " (recorded " + given->date->str() + ") is older than " + fresh->window
                               : " (recorded without a date) cannot be shown to be within " + fresh->window) +
                  " (counted back from the screening date " + ctx_.date.str() + "): not used";
      given = nullptr;
      conflict.clear();
   }
   if (!conflict.empty())
      return Outcome{
          Tri::unknown, s.display + ": two assessments on " + given->date->str() + " disagree (" + conflict + ")", {s.display + " (one confirmed value)"}};
   Outcome o;
   if (given && !ctx_.explain) {
      o.result = in_accepted(p, given->lo, given->hi);
      if (o.result == Tri::unknown) o.missing.push_back(s.display);
      return o;
   }
   InputWindow inputs{&p, fresh ? fresh->from : ctx_.date, {}, {}, {}};
   std::optional<Derivation> d = derive(s, fresh ? &inputs : nullptr);
   const std::string wanted = s.display + (fresh ? " (assessed within " + fresh->within + ")" : std::string());
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
      o.why = (set_aside.empty() ? "" : set_aside + "; ") + s.display + " " + range_text(s, d->value.lo, d->value.hi) + " (derived: " + d->how + ")";
      if (!inputs.left_out.empty()) {
         o.why += "; not used, older than " + fresh->window + ":";
         for (std::size_t i = 0; i < inputs.left_out.size(); ++i) o.why += (i ? ", " : " ") + inputs.left_out[i];
      }
      if (o.result == Tri::unknown) {
         // An input left out for the window is asked for within it.
         for (const auto& name : inputs.names) {
            std::string key = name;
            for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            std::erase_if(d->missing, [&](const std::string& m) {
               std::string k = m;
               for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
               return key.rfind(k, 0) == 0;
            });
         }
         o.missing = d->missing;
         add_missing(o.missing, inputs.wanted);
      }
   }
   else if (!set_aside.empty())
      return Outcome{Tri::unknown, set_aside, {wanted}};
   else
      return Outcome{Tri::unknown, s.display + ": not recorded", {s.display}};
   o.why += ", required " + p.accepted_text + ": " + in_words(o.result) + assessed_note(p);
   if (o.result == Tri::unknown && o.missing.empty()) o.missing.push_back(wanted);
   return o;
}

}  // namespace eligo::evaluation
