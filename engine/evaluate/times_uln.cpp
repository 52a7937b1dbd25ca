// Thresholds relative to the reference range: "AST ≤ 5 × ULN", "albumin ≥ 0.8 × LLN", and "within
// normal limits". The limits are the patient's own reference range for the result, else the
// catalogue's default, flagged as assumed.
#include <optional>
#include <string>
#include <utility>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

std::pair<std::optional<double>, std::string> limit(const LabResult& lab, const Analyte& a, bool upper)
{
   const std::optional<double>& own = upper ? lab.high : lab.low;
   const char* which = upper ? "ULN" : "LLN";
   if (own) return {own, std::string(which) + " " + with_unit(*own, a.canonical.code) + " from the patient's reference range"};
   if (a.reference_range)
      return {upper ? a.reference_range->high : a.reference_range->low,
              std::string("assumed ") + which + " " + with_unit(upper ? a.reference_range->high : a.reference_range->low, a.canonical.code) +
                  " (catalogue default; " + (lab.range_note.empty() ? std::string("no reference range given") : lab.range_note) + ")"};
   return {std::nullopt, ""};
}

}  // namespace

// × ULN, or × LLN when the predicate is about the lower limit.
Outcome Evaluator::times_uln(const Predicate& p, const LabResult& lab) const
{
   const Analyte& a = *p.analyte;
   const std::string name = a.display;
   Outcome o;
   if (!ctx_.explain) {
      const std::optional<double>& own = p.upper ? lab.high : lab.low;
      std::optional<double> lim = own;
      if (!lim && a.reference_range) lim = p.upper ? a.reference_range->high : a.reference_range->low;
      if (!lim) return Outcome{Tri::unknown, "", {name + " reference range"}};
      o.result = compare_bounded(lab, lab.canonical, p.op, p.factor * *lim, 1e-9);
      if (o.result == Tri::unknown && !lab.comparator.empty()) o.missing.push_back(name + " (exact value)");
      return o;
   }
   auto [lim, src] = limit(lab, a, p.upper);
   if (!lim)
      return Outcome{
          Tri::unknown, observed(a, lab) + ": no reference range and no catalogue default " + (p.upper ? "ULN" : "LLN"), {name + " reference range"}};
   const double t = p.factor * *lim;
   o.result = compare_bounded(lab, lab.canonical, p.op, t, 1e-9);
   o.why = observed(a, lab) + " " + syntax::symbol(p.op) + " " + fmt(p.factor) + " × " + (p.upper ? "ULN" : "LLN") + " = " + with_unit(t, a.canonical.code) +
           " [" + src + "]: " + to_string(o.result);
   undecided_by_bound(o, lab, name);
   return o;
}

Outcome Evaluator::within_normal(const Predicate& p, const LabResult& lab) const
{
   const Analyte& a = *p.analyte;
   auto [lo, lo_src] = limit(lab, a, false);
   auto [hi, hi_src] = limit(lab, a, true);
   if (!lo || !hi) return Outcome{Tri::unknown, observed(a, lab) + ": no normal range known", {a.display + " reference range"}};
   // Both limits included, at equality also across units (docs/language.md).
   const double tol = tolerance(crosses_molar_mass(p, lab));
   const bool in = holds(lab.canonical, Comparator::ge, *lo, tol) && holds(lab.canonical, Comparator::le, *hi, tol);
   Outcome o;
   o.result = lab.comparator.empty() ? (in ? Tri::met : Tri::not_met) : Tri::unknown;
   o.why = observed(a, lab) + " within normal limits [" + lo_src + "; " + hi_src + "]: " + to_string(o.result);
   undecided_by_bound(o, lab, a.display);
   return o;
}

}  // namespace eligo::evaluation
