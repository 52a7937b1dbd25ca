#include "engine/evaluate/screen.hpp"

#include <algorithm>

namespace eligo {

const char* to_string(Verdict v)
{
   switch (v) {
      case Verdict::eligible: return "eligible";
      case Verdict::ineligible: return "ineligible";
      case Verdict::indeterminate: return "indeterminate";
      case Verdict::not_screenable: return "not_screenable";
   }
   return "indeterminate";
}

namespace {

CriterionResult run(const Criterion& c, const EvalContext& ctx)
{
   CriterionResult r{&c, evaluate(c.predicate, ctx), {}};
   if (ctx.explain)
      for (const auto& child : c.children) r.children.push_back(run(child, ctx));
   return r;
}

}  // namespace

bool rules_out(const CriterionResult& r)
{
   return r.outcome.result != Tri::unknown && (r.outcome.result == Tri::not_met) == (r.criterion->section == Section::inclusion);
}

bool decides(const TrialResult& t, const CriterionResult& r)
{
   return t.verdict == Verdict::ineligible ? rules_out(r) : t.verdict == Verdict::indeterminate && r.outcome.result == Tri::unknown;
}

TrialResult screen(const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool explain)
{
   TrialResult out;
   out.trial = &trial;
   if (deceased_by(patient, date)) {
      out.verdict = Verdict::not_screenable;
      out.reason = deceased_text(patient);
      return out;
   }
   std::vector<const Concept*> own = trial.interventions;
   if (trial.condition) own.push_back(trial.condition);
   EvalContext ctx{patient, date, catalogue, own, trial.lab_window_days, trial.labs, explain};
   bool failed = false, open = false;
   for (const auto& c : trial.criteria) {
      CriterionResult r = run(c, ctx);
      if (r.outcome.result == Tri::unknown) {
         open = true;
         for (const auto& m : r.outcome.missing)
            if (std::find(out.missing.begin(), out.missing.end(), m) == out.missing.end()) out.missing.push_back(m);
      }
      else if (rules_out(r))
         failed = true;
      out.criteria.push_back(std::move(r));
   }
   out.verdict = failed ? Verdict::ineligible : open ? Verdict::indeterminate : Verdict::eligible;
   return out;
}

}  // namespace eligo
