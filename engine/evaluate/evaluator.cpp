#include "engine/evaluate/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>

#include "engine/evaluate/age.hpp"
#include "engine/evaluate/albi.hpp"
#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/child_pugh.hpp"
#include "engine/core/quantity.hpp"

namespace eligo {

const char* to_string(Tri t)
{
   switch (t) {
      case Tri::met: return "met";
      case Tri::not_met: return "not_met";
      case Tri::unknown: return "unknown";
   }
   return "unknown";
}

namespace {

// Numbers as a clinician writes them: 62,000 rather than 6.2e+04; 0.8302; 1.08.
std::string fmt(double v)
{
   char buf[64];
   if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e15 && std::floor(v) == v) {
      std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
      std::string digits = buf, out;
      for (std::size_t i = 0; i < digits.size(); ++i) {
         if (i && (digits.size() - i) % 3 == 0) out += ',';
         out += digits[i];
      }
      return (v < 0 ? "-" : "") + out;
   }
   std::snprintf(buf, sizeof buf, "%.4g", v);
   return buf;
}

bool same_unit(const Unit& a, const Unit& b) { return a.dim == b.dim && std::fabs(a.factor - b.factor) <= 1e-12 * std::fabs(b.factor); }

std::string with_unit(double v, const std::string& code)
{
   const std::string u = display_unit(code);
   return u.empty() ? fmt(v) : fmt(v) + " " + u;
}

void add_missing(std::vector<std::string>& into, const std::vector<std::string>& from)
{
   for (const auto& m : from)
      if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
}

// Relative tolerance for equality at a threshold (docs/language.md, "Exact boundaries").
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

// A value known only as a bound ("<0.5") decides a threshold only when every
// value it allows gives the same answer.
Tri compare_bounded(const LabResult& lab, double value, Comparator op, double t, double tol)
{
   if (lab.comparator.empty()) return holds(value, op, t, tol) ? Tri::met : Tri::not_met;
   const bool below = lab.comparator[0] == '<';
   const double far = below ? -1e300 : 1e300;
   const bool at_bound = holds(value, op, t, tol);
   const bool at_far = holds(far, op, t, tol);
   if (at_bound == at_far) return at_bound ? Tri::met : Tri::not_met;
   return Tri::unknown;
}

class Evaluator {
public:
   explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

   Outcome eval(const Predicate& p) const
   {
      using K = Predicate::Kind;
      switch (p.kind) {
         case K::all:
         case K::any: return combine(p);
         case K::negate: {
            Outcome o = eval(p.children.at(0));
            o.result = o.result == Tri::met ? Tri::not_met : o.result == Tri::not_met ? Tri::met : Tri::unknown;
            if (ctx_.explain) o.why = "required absent: " + o.why;
            return o;
         }
         case K::measure: return measure(p);
         case K::score: return score(p);
         case K::sex: return sex(p);
         case K::fact: return fact(p);
         case K::manual: return Outcome{Tri::unknown, "manual review: " + p.reason, {"manual review: " + p.text}};
         case K::lab_window: return lab_window(p);
      }
      return {};
   }

private:
   // Kleene: and is not_met if any child is, met if all are; or the dual.
   Outcome combine(const Predicate& p) const
   {
      const bool is_and = p.kind == Predicate::Kind::all;
      Outcome o;
      bool any_unknown = false, decided = false;
      std::vector<std::string> parts;
      for (const auto& c : p.children) {
         Outcome co = eval(c);
         if (ctx_.explain) parts.push_back(std::move(co.why));
         if (co.result == Tri::unknown) {
            any_unknown = true;
            add_missing(o.missing, co.missing);
         }
         if (co.result == (is_and ? Tri::not_met : Tri::met)) decided = true;
      }
      o.result = decided ? (is_and ? Tri::not_met : Tri::met) : any_unknown ? Tri::unknown : (is_and ? Tri::met : Tri::not_met);
      if (o.result != Tri::unknown) o.missing.clear();
      for (std::size_t i = 0; i < parts.size(); ++i) o.why += (i ? (is_and ? "; " : "; or ") : "") + parts[i];
      return o;
   }

   // A lab result older than the window (the trial's, or one given) is stale; other measures never are.
   bool stale(const LabResult& l, std::optional<int> window_days) const
   {
      return window_days && l.analyte->kind == "lab" && l.date.days() < ctx_.date.days() - *window_days;
   }

   const LabResult* latest(const Analyte& a) const
   {
      for (const auto& l : ctx_.patient.labs)
         if (l.analyte == &a && l.date <= ctx_.date) return &l;
      return nullptr;
   }

   // The age interval (a partial birth date widens it), as typed durations.
   std::optional<std::pair<q::Duration, q::Duration>> age() const
   {
      if (!ctx_.patient.birth_date) return std::nullopt;
      return std::make_pair(age_on(ctx_.patient.birth_date->latest, ctx_.date), age_on(ctx_.patient.birth_date->earliest, ctx_.date));
   }

   Outcome measure(const Predicate& p) const
   {
      const Analyte& a = *p.analyte;
      if (a.id == "age") return age_test(p);
      const LabResult* lab = latest(a);
      const std::string name = a.display;
      if (!lab) return Outcome{Tri::unknown, name + ": no result", {name}};
      if (!lab->conflict.empty())
         return Outcome{Tri::unknown,
                        name + ": two results at the same time disagree (" + lab->field + " gives " + lab->comparator + with_unit(lab->value, lab->unit.code) +
                            "; " + lab->conflict + ")",
                        {name + " (one confirmed result)"}};
      if (stale(*lab, ctx_.lab_window_days))
         return Outcome{Tri::unknown,
                        name + ": stale, the latest result (" + lab->date.str() + ") is older than the trial's " + std::to_string(*ctx_.lab_window_days) +
                            "-day lab window",
                        {name + " (result within " + std::to_string(*ctx_.lab_window_days) + " days)"}};
      const bool molar = p.molar || (lab->unit.dim != a.canonical.dim);
      Outcome o;
      if (!ctx_.explain && p.test == Predicate::Test::compare) {
         o.result = compare_bounded(*lab, lab->canonical, p.op, p.threshold, tolerance(molar));
         if (o.result == Tri::unknown) o.missing.push_back(name + " (exact value)");
         return o;
      }
      if (!ctx_.explain && p.test == Predicate::Test::relative) {
         const std::optional<double>& own = p.upper ? lab->high : lab->low;
         std::optional<double> lim = own;
         if (!lim && a.reference_range) lim = p.upper ? a.reference_range->high : a.reference_range->low;
         if (!lim) return Outcome{Tri::unknown, "", {name + " reference range"}};
         o.result = compare_bounded(*lab, lab->canonical, p.op, p.factor * *lim, 1e-9);
         if (o.result == Tri::unknown && !lab->comparator.empty()) o.missing.push_back(name + " (exact value)");
         return o;
      }
      const std::string observed = name + " " + lab->comparator + with_unit(lab->value, lab->unit.code) + " (" + lab->date.str() + ")";
      switch (p.test) {
         case Predicate::Test::compare: {
            o.result = compare_bounded(*lab, lab->canonical, p.op, p.threshold, tolerance(molar));
            std::string conv;
            if (!same_unit(lab->unit, p.unit)) {
               const double in_threshold_unit = convert(lab->canonical, a.canonical, p.unit, a.molar_mass).value;
               conv = " = " + with_unit(in_threshold_unit, p.unit.code);
               if (molar) {
                  char mm[32];
                  std::snprintf(mm, sizeof mm, "%g", *a.molar_mass);
                  conv += std::string(" (via molar mass ") + mm + " g/mol)";
               }
            }
            o.why = observed + conv + " " + syntax::symbol(p.op) + " " + with_unit(p.written, p.unit.code) + ": " + to_string(o.result);
            break;
         }
         case Predicate::Test::range: {
            const double tol = tolerance(molar);
            auto above_low = [&](double v) { return holds(v, p.low_open ? Comparator::gt : Comparator::ge, p.threshold, tol); };
            auto below_high = [&](double v) { return holds(v, p.high_open ? Comparator::lt : Comparator::le, p.high, tol); };
            const double v = lab->canonical;
            if (lab->comparator.empty())
               o.result = above_low(v) && below_high(v) ? Tri::met : Tri::not_met;
            else if (lab->comparator[0] == '<') {
               // Values lie in [0, v]: all inside, all below the range, or not decided.
               const bool strict = lab->comparator == "<";
               if (above_low(0) && below_high(v))
                  o.result = Tri::met;
               else if (!above_low(v) || (strict && !p.low_open && std::fabs(v - p.threshold) <= tol * std::fabs(v)))
                  o.result = Tri::not_met;
               else
                  o.result = Tri::unknown;
            }
            else {
               // Values lie at or above v: out of the range when v is already past its top.
               const bool strict = lab->comparator == ">";
               o.result = !below_high(v) || (strict && !p.high_open && std::fabs(v - p.high) <= tol * std::fabs(v)) ? Tri::not_met : Tri::unknown;
            }
            o.why = observed + " in " + fmt(p.written) + "–" + with_unit(p.written_high, p.unit.code) + ": " + to_string(o.result);
            break;
         }
         case Predicate::Test::relative:
         case Predicate::Test::within_normal: {
            auto limit = [&](bool upper) -> std::pair<std::optional<double>, std::string> {
               const std::optional<double>& own = upper ? lab->high : lab->low;
               const char* which = upper ? "ULN" : "LLN";
               if (own) return {own, std::string(which) + " " + with_unit(*own, a.canonical.code) + " from the patient's reference range"};
               if (a.reference_range)
                  return {upper ? a.reference_range->high : a.reference_range->low,
                          std::string("assumed ") + which + " " + with_unit(upper ? a.reference_range->high : a.reference_range->low, a.canonical.code) +
                              " (catalogue default; " + (lab->range_note.empty() ? std::string("no reference range given") : lab->range_note) + ")"};
               return {std::nullopt, ""};
            };
            if (p.test == Predicate::Test::relative) {
               auto [lim, src] = limit(p.upper);
               if (!lim)
                  return Outcome{
                      Tri::unknown, observed + ": no reference range and no catalogue default " + (p.upper ? "ULN" : "LLN"), {name + " reference range"}};
               const double t = p.factor * *lim;
               o.result = compare_bounded(*lab, lab->canonical, p.op, t, 1e-9);
               o.why = observed + " " + syntax::symbol(p.op) + " " + fmt(p.factor) + " × " + (p.upper ? "ULN" : "LLN") + " = " +
                       with_unit(t, a.canonical.code) + " [" + src + "]: " + to_string(o.result);
            }
            else {
               auto [lo, lo_src] = limit(false);
               auto [hi, hi_src] = limit(true);
               if (!lo || !hi) return Outcome{Tri::unknown, observed + ": no normal range known", {name + " reference range"}};
               // Both limits included, at equality also across units (docs/language.md).
               const double tol = tolerance(molar);
               const bool in = holds(lab->canonical, Comparator::ge, *lo, tol) && holds(lab->canonical, Comparator::le, *hi, tol);
               o.result = lab->comparator.empty() ? (in ? Tri::met : Tri::not_met) : Tri::unknown;
               o.why = observed + " within normal limits [" + lo_src + "; " + hi_src + "]: " + to_string(o.result);
            }
            break;
         }
      }
      if (o.result == Tri::unknown && !lab->comparator.empty()) {
         o.why += " (the result is only known to be " + lab->comparator + " " + with_unit(lab->value, lab->unit.code) + ", which does not decide this test)";
         o.missing.push_back(name + " (exact value)");
      }
      return o;
   }

   // "labs within 14 days": every lab the trial uses has a result inside the window.
   Outcome lab_window(const Predicate& p) const
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

   Outcome age_test(const Predicate& p) const
   {
      auto ag = age();
      if (!ag) return Outcome{Tri::unknown, "age: no birth date", {"birth date"}};
      // Thresholds are in the age analyte's canonical unit (years); compare typed durations.
      const q::Duration low = q::typed<q::Duration>(p.threshold, p.analyte->canonical);
      const q::Duration high = q::typed<q::Duration>(p.high, p.analyte->canonical);
      auto years = [](q::Duration d) { return (d / q::julian_year).value(); };
      auto test = [&](q::Duration age) {
         if (p.test == Predicate::Test::range)
            return holds(years(age), p.low_open ? Comparator::gt : Comparator::ge, years(low), 1e-9) &&
                   holds(years(age), p.high_open ? Comparator::lt : Comparator::le, years(high), 1e-9);
         return holds(years(age), p.op, years(low), 1e-9);
      };
      const bool lo = test(ag->first), hi = test(ag->second);
      Outcome o;
      o.result = lo == hi ? (lo ? Tri::met : Tri::not_met) : Tri::unknown;
      const int y1 = static_cast<int>(years(ag->first)), y2 = static_cast<int>(years(ag->second));
      const std::string shown = y1 == y2 ? std::to_string(y1) : std::to_string(y1) + "–" + std::to_string(y2);
      const std::string how = "age " + shown + " years (born " + ctx_.patient.birth_date->text + ", on " + ctx_.date.str() + ")";
      if (p.test == Predicate::Test::range)
         o.why = how + " in " + fmt(p.written) + "–" + fmt(p.written_high) + " years: " + to_string(o.result);
      else
         o.why = how + " " + syntax::symbol(p.op) + " " + fmt(p.written) + " years: " + to_string(o.result);
      if (o.result == Tri::unknown) o.missing.push_back("exact birth date");
      return o;
   }

   template <class Q>
   std::optional<Q> typed_lab(const char* analyte_id) const
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
   const ScoreValue* given_score(const std::string& id, std::string* conflict = nullptr) const
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

   std::optional<Derivation> derive(const Score& s) const
   {
      if (s.derived == "child_pugh") {
         ChildPughInputs in;
         in.bilirubin = typed_lab<q::SubstanceConcentration>("total_bilirubin");
         in.albumin = typed_lab<q::MassConcentration>("albumin");
         in.inr = typed_lab<q::Ratio>("inr");
         if (const ScoreValue* a = given_score("ascites")) in.ascites_points = Interval{a->lo, a->hi};
         if (const ScoreValue* he = given_score("hepatic_encephalopathy")) in.encephalopathy_grade = Interval{he->lo, he->hi};
         return derive_child_pugh(in);
      }
      if (s.derived == "albi") return derive_albi(typed_lab<q::SubstanceConcentration>("total_bilirubin"), typed_lab<q::MassConcentration>("albumin"));
      if (s.derived == "bclc") {
         BclcInputs in;
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
         return derive_bclc(in);
      }
      return std::nullopt;
   }

   Tri in_accepted(const Predicate& p, int lo, int hi) const
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

   std::string range_text(const Score& s, int lo, int hi) const
   {
      if (lo == hi) return s.label_for(lo);
      return s.label_for(lo) + "–" + s.label_for(hi);
   }

   Outcome score(const Predicate& p) const
   {
      const Score& s = *p.score;
      std::string conflict;
      const ScoreValue* given = given_score(s.id, &conflict);
      if (!conflict.empty())
         return Outcome{Tri::unknown, s.display + ": two assessments on " + given->date->str() + " disagree (" + conflict + ")", {s.display + " (one confirmed value)"}};
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
      o.why += ", required " + p.accepted_text + ": " + to_string(o.result);
      if (o.result == Tri::unknown && o.missing.empty()) o.missing.push_back(s.display);
      return o;
   }

   Outcome sex(const Predicate& p) const
   {
      if (ctx_.patient.sex.empty()) return Outcome{Tri::unknown, "sex: not recorded", {"sex"}};
      const Tri r = ctx_.patient.sex == p.sex ? Tri::met : Tri::not_met;
      return Outcome{r, "sex " + ctx_.patient.sex + ", required " + p.sex + ": " + to_string(r), {}};
   }

   // Start of the window a "within" test looks back to.
   Date window_start(const Predicate& p) const
   {
      if (p.window_unit == "d") return ctx_.date.add_days(-p.window_amount);
      if (p.window_unit == "wk") return ctx_.date.add_days(-7L * p.window_amount);
      if (p.window_unit == "mo") return ctx_.date.add_months(-p.window_amount);
      return ctx_.date.add_months(-12 * p.window_amount);
   }

   std::string window_text(const Predicate& p) const
   {
      static const std::map<std::string, std::string> names = {{"d", "days"}, {"wk", "weeks"}, {"mo", "months"}, {"a", "years"}};
      return std::to_string(p.window_amount) + " " + names.at(p.window_unit);
   }

   // The newest dated finding of a concept on or before the screening date (FHIR observations).
   const FindingRecord* current_finding(const Concept& c, std::string* conflict = nullptr) const
   {
      const FindingRecord* best = nullptr;
      for (const auto& f : ctx_.patient.finding_history)
         if (f.concept_ == &c && f.date <= ctx_.date && (!best || f.date > best->date)) best = &f;
      if (best && conflict)
         for (const auto& f : ctx_.patient.finding_history)
            if (&f != best && f.concept_ == &c && f.date == best->date && f.present != best->present)
               *conflict = f.field + " says " + (f.present ? "present" : "absent") + ", " + best->field + " says " + (best->present ? "present" : "absent");
      return best;
   }

   static bool over(const Record& r)
   {
      static const char* done[] = {"resolved", "inactive", "remission", "completed", "stopped"};
      return std::find(std::begin(done), std::end(done), r.status) != std::end(done);
   }

   Outcome fact(const Predicate& p) const
   {
      const Concept& c = *p.concept_;
      const bool says_other = c.display.rfind("other ", 0) == 0 || c.display.rfind("another ", 0) == 0 || c.display.find(" other ") != std::string::npos ||
                              c.display.find(" another ") != std::string::npos;
      const std::string name = (p.other && !says_other ? "other " : "") + c.display;
      if (!c.sex.empty() && !ctx_.patient.sex.empty() && ctx_.patient.sex != c.sex)
         return Outcome{Tri::not_met, name + ": does not apply (patient is " + ctx_.patient.sex + ")", {}};
      // An explicit finding settles it, for the concept itself: the native file's findings,
      // or the newest dated one (FHIR) on or before the screening date, if it is still current.
      // A dated finding that does not settle it (not current, or followed by a later record) is
      // kept for the why.
      std::string held;
      if (!p.window && !p.allergy) {
         std::string conflict;
         if (const FindingRecord* f = current_finding(c, &conflict)) {
            const std::string when = " (" + f->field + ", " + f->date.str() + ")";
            if (!conflict.empty())
               return Outcome{Tri::unknown, name + ": two records on " + f->date.str() + " disagree (" + conflict + ")", {name + " (one confirmed record)"}};
            const bool stale = c.current_for_days && ctx_.date.days() - f->date.days() > *c.current_for_days;
            // An absence is outranked by a record of the concept that starts after it.
            bool later = false;
            if (!f->present && ctx_.patient.conditions)
               for (const auto& r : *ctx_.patient.conditions)
                  if (r.concept_ && ctx_.catalogue.is_a(*r.concept_, c) && r.start && *r.start > f->date && *r.start <= ctx_.date && r.status != "refuted")
                     later = true;
            if (!stale && !later) return Outcome{f->present ? Tri::met : Tri::not_met, name + ": recorded as " + (f->present ? "present" : "absent") + when, {}};
            held = name + ": recorded as " + (f->present ? "present" : "absent") + when +
                   (stale ? ", more than " + std::to_string(*c.current_for_days) + " days before screening: not current" : ", and a later record follows");
         }
         if (auto it = ctx_.patient.findings.find(c.id); it != ctx_.patient.findings.end())
            return Outcome{it->second ? Tri::met : Tri::not_met, name + ": recorded as " + (it->second ? "present" : "absent") + " (findings)", {}};
      }
      const std::optional<std::vector<Record>>* list = nullptr;
      std::string list_name;
      if (p.allergy)
         list = &ctx_.patient.allergies, list_name = "allergies";
      else if (c.kind == "medication")
         list = &ctx_.patient.medications, list_name = "medications";
      else if (c.kind == "procedure")
         list = &ctx_.patient.procedures, list_name = "procedures";
      else
         list = &ctx_.patient.conditions, list_name = "conditions";

      // Findings that are class members: one present settles it.
      if (!p.window && !p.allergy) {
         for (const auto& [id, present] : ctx_.patient.findings) {
            const Concept* f = ctx_.catalogue.concept_(id);
            if (present && f && f != &c && ctx_.catalogue.is_a(*f, c)) return Outcome{Tri::met, name + ": " + f->display + " recorded as present", {}};
         }
         for (const auto& f : ctx_.patient.finding_history)
            if (f.concept_ != &c && ctx_.catalogue.is_a(*f.concept_, c) && current_finding(*f.concept_) == &f && f.present &&
                !(f.concept_->current_for_days && ctx_.date.days() - f.date.days() > *f.concept_->current_for_days))
               return Outcome{Tri::met, name + ": " + f.concept_->display + " recorded as present (" + f.field + ", " + f.date.str() + ")", {}};
      }

      // The records to search: the concept's own list, and for history, every other list too: a
      // concept counts for its ancestors whatever list it is in (a TACE procedure is an anticancer
      // therapy; a FHIR "chemotherapy" Procedure is a treatment). Whether the history is complete
      // is still told by the concept's own list.
      std::vector<const Record*> recs;
      if (list->has_value())
         for (const auto& r : **list) recs.push_back(&r);
      if (!p.allergy)
         for (const auto* other : {&ctx_.patient.conditions, &ctx_.patient.medications, &ctx_.patient.procedures})
            if (other != list && other->has_value())
               for (const auto& r : **other)
                  if (r.concept_ && ctx_.catalogue.is_a(*r.concept_, c)) recs.push_back(&r);
      const bool complete = list->has_value() && !ctx_.patient.lists_partial;
      const std::string not_complete = list->has_value() ? "the " + list_name + " list is one page of a search result" : "no " + list_name + " list given";
      if (!complete && recs.empty()) {
         if (!held.empty()) return Outcome{Tri::unknown, held, {name + " (a current record)"}};
         if (c.kind == "finding" && !p.allergy) return Outcome{Tri::unknown, name + ": not recorded", {name}};
         return Outcome{Tri::unknown, name + ": " + not_complete, {list_name + " history (for " + name + ")"}};
      }
      // When a record last applied: a procedure on its date; a condition or medication
      // until its end, and up to the screening date while it is ongoing (no end).
      const bool point_event = c.kind == "procedure" && !p.allergy;
      auto last_applied = [&](const Record& r) -> std::optional<Date> {
         if (point_event) return r.start ? r.start : r.end;
         if (r.end) return std::min(*r.end, ctx_.date);
         // Over, but when is not recorded: only its start is known.
         if (over(r)) return std::nullopt;
         return ctx_.date;  // ongoing
      };
      const Date from = p.window ? window_start(p) : Date{1800, 1, 1};
      const Record* stale_rec = nullptr;
      const Record* hit = nullptr;
      const Record* undated = nullptr;
      const Record* latest_any = nullptr;
      std::optional<Date> latest_date;
      // The records that count: not refuted, of the concept or a subclass, not the trial's own
      // (for "other"), and not starting after the screening date.
      auto counts = [&](const Record& r) {
         if (r.status == "refuted" || r.status == "entered-in-error" || !ctx_.catalogue.is_a(*r.concept_, c)) return false;
         if (p.other && std::any_of(ctx_.own.begin(), ctx_.own.end(), [&](const Concept* o) { return ctx_.catalogue.is_a(*r.concept_, *o); })) return false;
         if (r.start && *r.start > ctx_.date) return false;
         // A finding ("pregnant") without a window is about now: only an ongoing record says so,
         // and not one that began longer ago than the finding can last.
         if (c.kind == "finding" && !p.window && !p.allergy) {
            const std::optional<Date> last = last_applied(r);
            if (!last || *last < ctx_.date) return false;
            if (c.current_for_days && !r.end && r.start && ctx_.date.days() - r.start->days() > *c.current_for_days) {
               stale_rec = stale_rec ? stale_rec : &r;
               return false;
            }
         }
         return true;
      };
      const Record* unconfirmed = nullptr;
      for (const Record* rp : recs) {
         const Record& r = *rp;
         if (!counts(r)) continue;
         if (r.status == "unconfirmed") {
            unconfirmed = unconfirmed ? unconfirmed : &r;
            continue;
         }
         const std::optional<Date> last = last_applied(r);
         if (!last) {
            // A window is still met by a start inside it.
            if (p.window && *p.window == syntax::Window::Kind::within && r.start && *r.start >= from) hit = hit ? hit : &r;
            undated = &r;
            continue;
         }
         if (!latest_date || *last > *latest_date) {
            latest_date = last;
            latest_any = &r;
         }
         if (!p.window || *last >= from) hit = hit ? hit : &r;
      }
      auto describe = [&](const Record& r) {
         std::string s = r.text;
         if (r.start) s += " from " + r.start->str();
         if (r.end) s += " to " + r.end->str();
         return s;
      };
      if (p.window && *p.window == syntax::Window::Kind::since) {
         // "≥ 4 weeks since X": every occurrence must have last applied at least that long ago
         // (met when X never happened). Each record is decided on its own, then combined.
         const long need = ctx_.date.days() - window_start(p).days();
         auto long_enough = [&](const Date& d) {
            return holds(static_cast<double>(ctx_.date.days() - d.days()), p.window_op, static_cast<double>(need), 1e-9);
         };
         const Record* failing = nullptr;
         const Record* open = nullptr;
         for (const Record* rp : recs) {
            const Record& r = *rp;
            if (!counts(r)) continue;
            if (r.status == "unconfirmed") {
               open = open ? open : &r;  // it may not have happened at all
               continue;
            }
            if (const auto last = last_applied(r)) {
               if (!long_enough(*last)) failing = failing ? failing : &r;
            }
            else if (r.start && !long_enough(*r.start))
               failing = failing ? failing : &r;  // it applied even later than its start
            else
               open = open ? open : &r;  // over, but when is not recorded
         }
         const std::string required = std::string(", required ") + syntax::symbol(p.window_op) + " " + window_text(p);
         if (failing)
            return Outcome{Tri::not_met, name + ": " + describe(*failing) + (!failing->end && !point_event && !over(*failing) ? " (ongoing)" : "") + required + ": not_met", {}};
         if (open && open->status == "unconfirmed")
            return Outcome{Tri::unknown, name + ": " + describe(*open) + " is not confirmed (" + open->status_detail + ")" + required, {"confirmation of " + name}};
         if (open) return Outcome{Tri::unknown, name + ": " + describe(*open) + " has no end date" + required, {"end date of " + name}};
         if (!complete)
            return Outcome{Tri::unknown,
                           name + ": " + (latest_any ? "last " + describe(*latest_any) + ", but " : std::string()) + not_complete + ", so a later one may be missing" +
                               required,
                           {list_name + " history (for " + name + ")"}};
         if (!latest_any) return Outcome{Tri::met, "no " + name + " on record (" + list_name + " taken as complete)", {}};
         const long ago = ctx_.date.days() - latest_date->days();
         return Outcome{Tri::met, name + ": last " + describe(*latest_any) + ", " + std::to_string(ago) + " days before screening" + required + ": met", {}};
      }
      if (hit)
         return Outcome{Tri::met,
                        name + (p.allergy ? " allergy" : "") + ": " + describe(*hit) + (!hit->end && !point_event && !over(*hit) ? " (ongoing)" : "") +
                            (p.window ? ", within " + window_text(p) : ""),
                        {}};
      if (undated && p.window)
         return Outcome{Tri::unknown,
                        name + ": " + undated->text + (undated->status != "active" ? " (" + undated->status + ", no end date)" : " has no date") +
                            ": cannot check the " + window_text(p) + " window",
                        {"date of " + name}};
      if (undated) return Outcome{Tri::met, name + (p.allergy ? " allergy" : "") + ": " + describe(*undated), {}};
      if (unconfirmed)
         return Outcome{Tri::unknown, name + ": " + describe(*unconfirmed) + " is not confirmed (" + unconfirmed->status_detail + ")", {"confirmation of " + name}};
      if (!held.empty()) return Outcome{Tri::unknown, held, {name + " (a current record)"}};
      if (stale_rec)
         return Outcome{Tri::unknown,
                        name + ": " + describe(*stale_rec) + " has no end and began more than " + std::to_string(*c.current_for_days) +
                            " days before screening: not current",
                        {name + " (a current record)"}};
      if (c.kind == "finding" && !p.allergy) return Outcome{Tri::unknown, name + ": not recorded", {name}};
      if (!complete) return Outcome{Tri::unknown, name + ": " + not_complete, {list_name + " history (for " + name + ")"}};
      if (!ctx_.explain) return Outcome{Tri::not_met, "", {}};
      std::set<std::string> resources;  // one FHIR resource can give two records (chemotherapy and radiotherapy)
      if (list->has_value())
         for (const auto& r : **list) resources.insert(r.field.empty() ? std::to_string(reinterpret_cast<std::uintptr_t>(&r)) : r.field);
      const auto unmapped = ctx_.patient.unmapped.find(list_name);
      const int others = unmapped == ctx_.patient.unmapped.end() ? 0 : unmapped->second;
      return Outcome{Tri::not_met,
                     "no " + name + (p.allergy ? " allergy" : "") + " among " + std::to_string(resources.size() + others) + " " + list_name +
                         (p.window ? " within " + window_text(p) : "") + " (list taken as complete" +
                         (others ? "; " + std::to_string(others) + " of them name no catalogue concept, see eligo profile" : "") + ")",
                     {}};
   }

   const EvalContext& ctx_;
};

}  // namespace

Outcome evaluate(const Predicate& p, const EvalContext& ctx) { return Evaluator(ctx).eval(p); }

}  // namespace eligo
