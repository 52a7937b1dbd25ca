// Thresholds relative to the reference range: "AST ≤ 5 × ULN", "albumin ≥ 0.8 × LLN", and "within
// normal limits". The limits are the patient's own reference range for the result, else the
// catalogue's default, flagged as assumed.
#include <cmath>
#include <optional>
#include <string>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

// A reference limit, and whether it is the patient's own (given with the result) or the
// catalogue's default.
struct Limit {
   std::optional<double> value;
   bool patients_own = false;
};

Limit reference_limit(const LabResult& lab, const Analyte& a, bool upper)
{
   if (const std::optional<double>& own = upper ? lab.high : lab.low) return {own, true};
   if (a.reference_range) return {upper ? a.reference_range->high : a.reference_range->low, false};
   return {};
}

// Where the limit comes from, for the why: "ULN 35 U/L from the patient's reference range",
// or "assumed ULN 115 U/L (catalogue default; no reference range given)".
std::string limit_source(const Limit& l, const LabResult& lab, const Analyte& a, bool upper)
{
   const char* which = upper ? "ULN" : "LLN";
   if (l.patients_own) return std::string(which) + " " + with_unit(*l.value, a.canonical.code) + " from the patient's reference range";
   return std::string("assumed ") + which + " " + with_unit(*l.value, a.canonical.code) + " (catalogue default; " +
          (lab.range_note.empty() ? std::string("no reference range given") : lab.range_note) + ")";
}

}  // namespace

// × ULN, or × LLN when the predicate is about the lower limit. The limit is looked up once,
// for the result and for the why.
Outcome Evaluator::times_uln(const Predicate& p, const LabResult& lab) const
{
   const Analyte& a = *p.analyte;
   const std::string name = a.display;
   const char* which = p.upper ? "ULN" : "LLN";
   const Limit lim = reference_limit(lab, a, p.upper);
   if (!lim.value)
      return Outcome{Tri::unknown,
                     ctx_.explain ? observed(a, lab) + ": no reference range and no catalogue default " + which : std::string(),
                     {name + " reference range"}};
   const double t = p.factor * *lim.value;
   Outcome o;
   o.result = compare_bounded(lab, lab.canonical, p.op, t, 1e-9);
   if (ctx_.gaps && lab.comparator.empty() && a.kind == AnalyteKind::lab && p.factor != 0 && *lim.value != 0) {
      const double multiple = lab.canonical / *lim.value;
      o.gap.reset(new LabGap{a.display, multiple, std::string("× ") + which, p.op, p.factor, std::fabs(multiple - p.factor) / std::fabs(p.factor)});
   }
   if (!ctx_.explain) {
      if (o.result == Tri::unknown && !lab.comparator.empty()) o.missing.push_back(name + " (exact value)");
      return o;
   }
   o.why = observed(a, lab) + " " + syntax::symbol(p.op) + " " + fmt(p.factor) + " × " + which + " = " + with_unit(t, a.canonical.code) + " [" +
           limit_source(lim, lab, a, p.upper) + "]: " + in_words(o.result);
   undecided_by_bound(o, lab, name);
   return o;
}

Outcome Evaluator::within_normal(const Predicate& p, const LabResult& lab) const
{
   const Analyte& a = *p.analyte;
   const Limit lo = reference_limit(lab, a, false);
   const Limit hi = reference_limit(lab, a, true);
   if (!lo.value || !hi.value) return Outcome{Tri::unknown, observed(a, lab) + ": no normal range known", {a.display + " reference range"}};
   // Both limits included, at equality also across units (docs/language.md).
   const double tol = tolerance(crosses_molar_mass(p, lab));
   const bool in = holds(lab.canonical, Comparator::ge, *lo.value, tol) && holds(lab.canonical, Comparator::le, *hi.value, tol);
   Outcome o;
   o.result = lab.comparator.empty() ? (in ? Tri::met : Tri::not_met) : Tri::unknown;
   o.why = observed(a, lab) + " within normal limits [" + limit_source(lo, lab, a, false) + "; " + limit_source(hi, lab, a, true) + "]: " + in_words(o.result);
   undecided_by_bound(o, lab, a.display);
   return o;
}

}  // namespace eligo::evaluation
