// Lab measures: finding the result to test (the latest, not stale, not in conflict), and
// testing it against an absolute threshold or range; "labs within N days".
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

namespace {

bool same_unit(const Unit& a, const Unit& b) { return a.dim == b.dim && std::fabs(a.factor - b.factor) <= 1e-12 * std::fabs(b.factor); }

}  // namespace

double tolerance(bool molar) { return molar ? 5e-4 : 1e-9; }

bool holds(double x, Comparator op, double t, double tol)
{
   const double eps = tol * std::max(std::fabs(t), std::fabs(x));
   const bool equal = std::fabs(x - t) <= eps;
   switch (op) {
      case Comparator::ge: return equal || x > t;
      case Comparator::gt: return !equal && x > t;
      case Comparator::le: return equal || x < t;
      case Comparator::lt: return !equal && x < t;
      case Comparator::eq: return equal;
      case Comparator::ne: return !equal;
   }
   return false;
}

Tri compare_bounded(const LabResult& lab, double value, Comparator op, double t, double tol)
{
   if (lab.comparator.empty()) return holds(value, op, t, tol) ? Tri::met : Tri::not_met;
   const bool below = lab.comparator[0] == '<';
   const double far = below ? -1e300 : 1e300;
   const bool at_bound = holds(value, op, t, tol);
   const bool at_far = holds(far, op, t, tol);
   // A strict bound excludes itself: "<15" at a threshold of 15 is wholly on the far side ("< 15" met, "≥ 15" not met).
   // Only where the threshold is at the bound or beyond it, exactly: a threshold just inside it, equal only within the
   // conversion tolerance (0.2922 mg/dL against "<5 µmol/L", which is 0.29233), leaves values on both sides.
   const bool strict = lab.comparator == "<" || lab.comparator == ">";
   if (strict && holds(value, Comparator::eq, t, tol) && (below ? t >= value : t <= value)) return at_far ? Tri::met : Tri::not_met;
   if (at_bound == at_far) return at_bound ? Tri::met : Tri::not_met;
   return Tri::unknown;
}

bool crosses_molar_mass(const Predicate& p, const LabResult& lab) { return p.molar || (lab.unit.dim != p.analyte->canonical.dim); }

std::string observed(const Analyte& a, const LabResult& lab)
{
   return a.display + " " + lab.comparator + with_unit(lab.value, lab.unit.code) + " (" + lab.date.str() + ")";
}

void undecided_by_bound(Outcome& o, const LabResult& lab, const std::string& name)
{
   if (o.result == Tri::unknown && !lab.comparator.empty()) {
      o.why += " (the result is only known to be " + lab.comparator + " " + with_unit(lab.value, lab.unit.code) + ", which does not decide this test)";
      o.missing.push_back(name + " (exact value)");
   }
}

// A lab result older than the window (the trial's, or one given) is stale; other measures never are.
bool Evaluator::stale(const LabResult& l, std::optional<int> window_days) const
{
   return window_days && l.analyte->kind == AnalyteKind::lab && l.date.days() < ctx_.date.days() - *window_days;
}

// How recent the value a criterion reads must be: the trial's lab window (a lab) and the criterion's own assessment window
// ("within 7 days of first dose": any measure or score but age), the stricter of the two. The screening date stands for
// the moment the criterion names.
std::optional<Freshness> Evaluator::freshness(const Analyte* a, const Predicate& p) const
{
   std::optional<Freshness> out;
   if (a && a->kind == AnalyteKind::lab && ctx_.lab_window_days) {
      const int days = *ctx_.lab_window_days;
      out = Freshness{ctx_.date.add_days(-days), "the trial's " + std::to_string(days) + "-day lab window", std::to_string(days) + " days", false};
   }
   if (p.assessed_within && !(a && a->id == "age")) {
      const Date from = shifted(ctx_.date, -p.assessed_within, p.assessed_unit);
      if (!out || from >= out->from)
         out = Freshness{from, "the criterion's " + duration_text(p.assessed_within, p.assessed_unit), duration_text(p.assessed_within, p.assessed_unit), true};
   }
   return out;
}

// The why's note on a value the criterion's own window accepts: the window, and the moment the screening date stands for.
std::string Evaluator::assessed_note(const Predicate& p) const
{
   if (!p.assessed_within) return {};
   return "; assessed within " + duration_text(p.assessed_within, p.assessed_unit) + " of " +
          (p.assessed_moment.empty() ? std::string("the moment the criterion names") : p.assessed_moment) + " (the screening date " + ctx_.date.str() +
          " stands for it)";
}

const LabResult* Evaluator::latest(const Analyte& a, const Skipped** unusable) const
{
   const LabResult* lab = nullptr;
   for (const auto& l : ctx_.patient.labs)
      if (l.analyte == &a && l.date <= ctx_.date) {
         lab = &l;
         break;
      }
   // A newer result the record holds but that could not be used (docs/fhir.md, "Skipped elements"): the older one is
   // not the latest, for a criterion on the analyte and for a score derived from it alike.
   if (ctx_.patient.skipped.empty()) return lab;
   if (const Skipped* k = newest_unusable(ctx_.patient, a, ctx_.date);
       k && (!lab || supersedes(*k, lab->date, lab->time.size() > 10 ? std::optional<long long>(lab->at) : std::nullopt))) {
      if (unusable) *unusable = k;
      return nullptr;
   }
   return lab;
}

Outcome Evaluator::measure(const Predicate& p) const
{
   const Analyte& a = *p.analyte;
   if (a.id == "age") return age_test(p);
   const Skipped* k = nullptr;
   const LabResult* lab = latest(a, &k);
   const std::string name = a.display;
   if (k)
      return Outcome{Tri::unknown,
                     name + ": the latest result (" + k->date->str() + ", " + k->where + ") was skipped as unusable: " + k->reason,
                     {name + " (a usable result)"}};
   if (!lab) return Outcome{Tri::unknown, name + ": no result", {name}};
   if (!lab->conflict.empty())
      return Outcome{Tri::unknown,
                     name + ": two results at the same time disagree (" + lab->field + " gives " + lab->comparator + with_unit(lab->value, lab->unit.code) +
                         "; " + lab->conflict + ")",
                     {name + " (one confirmed result)"}};
   const std::optional<Freshness> fresh = freshness(&a, p);
   if (fresh && lab->date < fresh->from)
      return Outcome{Tri::unknown,
                     name + ": stale, the latest result (" + lab->date.str() + ") is older than " + fresh->window +
                         (fresh->criterion ? " (counted back from the screening date " + ctx_.date.str() + ")" : std::string()),
                     {name + " (result within " + fresh->within + ")"}};
   Outcome o;
   switch (p.test) {
      case Predicate::Test::compare: o = compare(p, *lab); break;
      case Predicate::Test::range: o = in_range(p, *lab); break;
      case Predicate::Test::relative: o = times_uln(p, *lab); break;
      case Predicate::Test::within_normal: o = within_normal(p, *lab); break;
   }
   if (ctx_.explain && !o.why.empty()) o.why += assessed_note(p);
   return o;
}

Outcome Evaluator::compare(const Predicate& p, const LabResult& lab) const
{
   const Analyte& a = *p.analyte;
   const bool molar = crosses_molar_mass(p, lab);
   Outcome o;
   o.result = compare_bounded(lab, lab.canonical, p.op, p.threshold, tolerance(molar));
   if (ctx_.gaps && lab.comparator.empty() && a.kind == AnalyteKind::lab && p.threshold != 0)
      o.gap.reset(new LabGap{a.display, convert(lab.canonical, a.canonical, p.unit, a.molar_mass).value, p.unit.code, p.op, p.written,
                             std::fabs(lab.canonical - p.threshold) / std::fabs(p.threshold)});
   if (!ctx_.explain) {
      if (o.result == Tri::unknown) o.missing.push_back(a.display + " (exact value)");
      return o;
   }
   std::string conv;
   if (!same_unit(lab.unit, p.unit)) {
      const double in_threshold_unit = convert(lab.canonical, a.canonical, p.unit, a.molar_mass).value;
      conv = " = " + with_unit(in_threshold_unit, p.unit.code);
      if (molar) {
         char mm[32];
         std::snprintf(mm, sizeof mm, "%g", *a.molar_mass);
         conv += std::string(" (via molar mass ") + mm + " g/mol)";
      }
   }
   o.why = observed(a, lab) + conv + " " + syntax::symbol(p.op) + " " + with_unit(p.written, p.unit.code) + ": " + in_words(o.result);
   undecided_by_bound(o, lab, a.display);
   return o;
}

Outcome Evaluator::in_range(const Predicate& p, const LabResult& lab) const
{
   const double tol = tolerance(crosses_molar_mass(p, lab));
   auto above_low = [&](double v) { return holds(v, p.low_open ? Comparator::gt : Comparator::ge, p.threshold, tol); };
   auto below_high = [&](double v) { return holds(v, p.high_open ? Comparator::lt : Comparator::le, p.high, tol); };
   const double v = lab.canonical;
   Outcome o;
   if (lab.comparator.empty())
      o.result = above_low(v) && below_high(v) ? Tri::met : Tri::not_met;
   else if (lab.comparator[0] == '<') {
      // Values lie in [0, v]: all inside, all below the range, or not decided.
      const bool strict = lab.comparator == "<";
      if (above_low(0) && below_high(v))
         o.result = Tri::met;
      else if (!above_low(v) || (strict && !p.low_open && std::fabs(v - p.threshold) <= tol * std::fabs(v)))
         o.result = Tri::not_met;
      else
         o.result = Tri::unknown;
   }
   else {
      // Values lie at or above v: out of the range when v is already past its top.
      const bool strict = lab.comparator == ">";
      o.result = !below_high(v) || (strict && !p.high_open && std::fabs(v - p.high) <= tol * std::fabs(v)) ? Tri::not_met : Tri::unknown;
   }
   o.why = observed(*p.analyte, lab) + " in " + fmt(p.written) + "–" + with_unit(p.written_high, p.unit.code) + ": " + in_words(o.result);
   undecided_by_bound(o, lab, p.analyte->display);
   return o;
}

// "labs within 14 days": every lab the trial uses has a result inside the window.
Outcome Evaluator::lab_window(const Predicate& p) const
{
   Outcome o;
   std::vector<std::string> ok;
   for (const Analyte* a : ctx_.trial_labs) {
      const LabResult* l = latest(*a);
      if (!l)
         o.missing.push_back(a->display);
      else if (stale(*l, p.lab_window_days))
         o.missing.push_back(a->display + " (result within " + std::to_string(p.lab_window_days) + " days; latest " + l->date.str() + ")");
      else
         ok.push_back(a->display + " " + l->date.str());
   }
   o.result = o.missing.empty() ? Tri::met : Tri::unknown;
   o.why = "labs within " + std::to_string(p.lab_window_days) + " days of " + ctx_.date.str() + ": " + std::to_string(ok.size()) + " of " +
           std::to_string(ctx_.trial_labs.size()) + " in the window" + (o.missing.empty() ? "" : "; not: " + [&] {
              std::string s;
              for (const auto& m : o.missing) s += (s.empty() ? "" : ", ") + m;
              return s;
           }());
   return o;
}

}  // namespace eligo::evaluation
