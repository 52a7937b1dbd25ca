// Synthetic patients for one trial, and the regression runner (synth.hpp, docs/synthetic.md).
#include "engine/synth/synth.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include "engine/patient/patient.hpp"
#include "engine/core/units.hpp"

namespace eligo {

namespace {

using ojson = nlohmann::ordered_json;

// A reproducible stream: mt19937_64 is fully specified by the standard; the draws below
// use only its raw output (the library's distributions differ between implementations).
class Draw {
public:
   explicit Draw(std::uint64_t seed) : g_(seed) {}
   double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }  // [0, 1)
   bool chance(double p) { return uniform() < p; }
   int between(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }
   double normal(double mean, double sd)
   {
      const double u1 = 1.0 - uniform(), u2 = uniform();
      return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
   }
   double lognormal(double median, double sd_log) { return median * std::exp(normal(0, sd_log)); }
   template <class T>
   const T& pick(const std::vector<std::pair<double, T>>& weighted)
   {
      double u = uniform(), acc = 0;
      for (const auto& [w, v] : weighted) {
         acc += w;
         if (u < acc) return v;
      }
      return weighted.back().second;
   }

private:
   std::mt19937_64 g_;
};

// ---- the generator's own model of a patient ---------------------------------

// How the generator wrote a concept into the patient's history.
enum class FactState {
   absent,       // no record (the lists are complete)
   recent,       // ongoing condition or medication started 30 days ago; procedure 2 days ago
   long_ago,     // over: started ten years ago, ended nine years ago
   unconfirmed,  // recorded with status "unconfirmed": it may not have happened
   dated,        // over, last applying on a given day (window edges)
};

struct FactRec {
   FactState state = FactState::absent;
   Date last;  // dated: the day it last applied
};

struct LabVal {
   double canonical = 0;  // in the analyte's canonical unit
   std::string unit;      // the UCUM code written
   double written = 0;    // the value written, in `unit`
   bool molar = false;    // written in a unit of the other dimension (mass vs substance)
   long age_days = 2;     // taken this many days before the screening date
   bool own_range = false;
   double ref_low = 0, ref_high = 0;  // canonical
};

struct Model {
   std::string sex;
   std::optional<Date> birth;
   std::map<std::string, LabVal> labs;     // analyte id
   std::map<std::string, int> scores;      // score id -> ordinal
   std::map<std::string, bool> findings;   // concept id
   std::map<std::string, FactRec> facts;   // concept id -> its record in conditions/medications/procedures
   std::map<std::string, FactRec> allergy; // concept id -> its record in allergies
};

// What a case probes: a leaf ("inclusion#9/3@1a2b3c4d"), its text, and how. `intended` is the
// leaf's result by construction (an inclusive boundary is met, one step beyond it is not), which
// the expectation uses for that leaf.
struct Probe {
   Probe(std::string l, std::string t, std::string v, std::string d = "", std::optional<Tri> i = std::nullopt, const Predicate* n = nullptr)
       : leaf(std::move(l)), text(std::move(t)), variant(std::move(v)), detail(std::move(d)), intended(i), node(n)
   {
   }
   std::string leaf;
   std::string text;
   std::string variant;
   std::string detail;
   std::optional<Tri> intended;
   const Predicate* node = nullptr;
};

struct Goal {
   const Predicate* leaf = nullptr;
   Tri target = Tri::met;
};

Tri flip(Tri t) { return t == Tri::met ? Tri::not_met : t == Tri::not_met ? Tri::met : Tri::unknown; }

// Equality at a threshold within a relative tolerance (docs/language.md, "Exact boundaries":
// 5e-4 when a value crosses between mass and substance units, else 1e-9). Written again here,
// apart from the evaluator's, on purpose: the generator must not share the engine's code.
bool holds(double x, Comparator op, double t, double tol)
{
   const bool equal = std::fabs(x - t) <= tol * std::max(std::fabs(t), std::fabs(x));
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

Tri tri(bool b) { return b ? Tri::met : Tri::not_met; }

double round_sig(double v, int digits)
{
   if (v == 0 || !std::isfinite(v)) return v;
   char buf[64];
   std::snprintf(buf, sizeof buf, "%.*g", digits, v);
   return std::strtod(buf, nullptr);
}

std::string num(double v)
{
   char buf[64];
   std::snprintf(buf, sizeof buf, "%.10g", v);
   return buf;
}

const char* list_of(const Concept& c)
{
   if (c.kind == "medication") return "medications";
   if (c.kind == "procedure") return "procedures";
   return "conditions";
}

// A short stable hash of a leaf's compiled form: an edited leaf gets a new id, so cases built
// for the old one stop counting for it.
std::string leaf_hash(const Predicate& p)
{
   std::uint32_t h = 2166136261u;
   for (unsigned char c : to_string(p)) h = (h ^ c) * 16777619u;
   char b[16];
   std::snprintf(b, sizeof b, "%08x", h);
   return b;
}

// Reference conversions (UCUM's definitions, e.g. 1 mm[Hg] = 133.3220 Pa), kept apart from the engine's unit code so that the "boundary in
// another unit" cases test it: a wrong factor there shows as a difference here. Each unit
// is (quantity, factor to that quantity's base unit). Mass to substance goes through the
// analyte's molar mass (catalogue data).
struct RefUnit {
   char quantity;  // 'm' mass/vol (g/L), 's' substance/vol (mol/L), 'n' count/vol (per L), 'c' catalytic (U/L), 'l' length (m), 't' time (s),
                   // '1' ratio, 'i' IU/mL, 'f' flow (mL/min), 'e' eGFR, 'p' pressure (mmHg), 'w' weight (kg), 'd' per day (g/d), ...
   double factor;
};
std::optional<RefUnit> reference_unit(const std::string& code)
{
   static const std::map<std::string, RefUnit> table = {
       {"g/L", {'m', 1}},        {"g/dL", {'m', 10}},       {"mg/dL", {'m', 0.01}},     {"mg/L", {'m', 1e-3}},      {"ug/L", {'m', 1e-6}},
       {"ng/mL", {'m', 1e-6}},   {"ug/mL", {'m', 1e-3}},    {"mol/L", {'s', 1}},        {"mmol/L", {'s', 1e-3}},    {"umol/L", {'s', 1e-6}},
       {"meq/L", {'s', 1e-3}},   {"10*9/L", {'n', 1e9}},    {"10*12/L", {'n', 1e12}},   {"10*3/uL", {'n', 1e9}},    {"10*4/uL", {'n', 1e10}},
       {"/uL", {'n', 1e6}},      {"/mm3", {'n', 1e6}},      {"10*3/mm3", {'n', 1e9}},   {"10*6/uL", {'n', 1e12}},   {"10*6/mm3", {'n', 1e12}},
       {"U/L", {'c', 1}},        {"ukat/L", {'c', 60}},     {"cm", {'l', 1e-2}},        {"mm", {'l', 1e-3}},        {"m", {'l', 1}},
       {"s", {'t', 1}},          {"ms", {'t', 1e-3}},       {"1", {'1', 1}},            {"{INR}", {'1', 1}},        {"{ratio}", {'1', 1}},
       {"[IU]/mL", {'i', 1}},    {"k[IU]/L", {'i', 1}},     {"m[IU]/L", {'i', 1e-6}},   {"u[IU]/mL", {'i', 1e-6}},  {"{mAU}/mL", {'a', 1}},
       {"mL/min", {'f', 1}},     {"mL/s", {'f', 60}},       {"mL/min/{1.73_m2}", {'e', 1}}, {"mL/s/{1.73_m2}", {'e', 60}},
       {"mm[Hg]", {'p', 1}},     {"kPa", {'p', 1000 / 133.3220}}, {"kg", {'w', 1}},         {"g", {'w', 1e-3}},         {"[lb_av]", {'w', 0.45359237}},
       {"[in_i]", {'l', 0.0254}}, {"g/(24.h)", {'d', 1}},   {"mg/(24.h)", {'d', 1e-3}}, {"g/d", {'d', 1}},          {"mg/d", {'d', 1e-3}},
       {"%", {'%', 1}},          {"[IU]/L", {'i', 1e-3}},   {"10*6/L", {'n', 1e6}}};
   // Registry spellings keep their case ("mg/dl"): look up without it.
   auto lower = [](std::string x) {
      for (char& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return x;
   };
   static const std::map<std::string, RefUnit> by_lower = [&] {
      std::map<std::string, RefUnit> m;
      for (const auto& [k, v] : table) m.emplace(lower(k), v);
      return m;
   }();
   auto it = by_lower.find(lower(code));
   if (it == by_lower.end()) return std::nullopt;
   return it->second;
}
std::optional<double> reference_convert(double v, const std::string& from, const std::string& to, std::optional<double> molar_mass)
{
   const auto f = reference_unit(from), t = reference_unit(to);
   if (!f || !t) return std::nullopt;
   if (f->quantity == t->quantity) return v * f->factor / t->factor;
   if (!molar_mass) return std::nullopt;
   if (f->quantity == 'm' && t->quantity == 's') return v * f->factor / *molar_mass / t->factor;
   if (f->quantity == 's' && t->quantity == 'm') return v * f->factor * *molar_mass / t->factor;
   return std::nullopt;
}

class Generator {
public:
   Generator(const Trial& t, const Catalogue& cat, std::uint64_t seed) : trial_(t), cat_(cat), date_(synth_date()), draw_(seed)
   {
      own_ = t.interventions;
      if (t.condition) own_.push_back(t.condition);
   }

   SynthSuite run();

   // ---- the oracle: each leaf judged on the values the generator wrote --------

   Tri oracle(const Predicate& p, const Model& m) const
   {
      if (auto it = overrides_.find(&p); it != overrides_.end()) return it->second;
      switch (p.kind) {
         case Predicate::Kind::all: {
            Tri r = Tri::met;
            for (const auto& c : p.children) {
               const Tri x = oracle(c, m);
               if (x == Tri::not_met) return Tri::not_met;
               if (x == Tri::unknown) r = Tri::unknown;
            }
            return r;
         }
         case Predicate::Kind::any: {
            Tri r = Tri::not_met;
            for (const auto& c : p.children) {
               const Tri x = oracle(c, m);
               if (x == Tri::met) return Tri::met;
               if (x == Tri::unknown) r = Tri::unknown;
            }
            return r;
         }
         case Predicate::Kind::negate: return flip(oracle(p.children.at(0), m));
         case Predicate::Kind::manual: return Tri::unknown;
         case Predicate::Kind::lab_window:
            for (const Analyte* a : trial_.labs) {
               auto it = m.labs.find(a->id);
               if (it == m.labs.end() || it->second.age_days > p.lab_window_days) return Tri::unknown;
            }
            return Tri::met;
         case Predicate::Kind::sex: return m.sex.empty() ? Tri::unknown : tri(m.sex == p.sex);
         case Predicate::Kind::measure: return p.analyte->id == "age" ? age(p, m) : lab(p, m);
         case Predicate::Kind::score: return score(p, m);
         case Predicate::Kind::fact: return fact(p, m);
      }
      return Tri::unknown;
   }

   std::optional<double> limit(const Analyte& a, const LabVal& l, bool upper) const
   {
      if (l.own_range) return upper ? l.ref_high : l.ref_low;
      if (a.reference_range) return upper ? a.reference_range->high : a.reference_range->low;
      return std::nullopt;
   }

   Tri lab(const Predicate& p, const Model& m) const
   {
      const Analyte& a = *p.analyte;
      auto it = m.labs.find(a.id);
      if (it == m.labs.end()) return Tri::unknown;
      const LabVal& l = it->second;
      if (trial_.lab_window_days && a.kind == "lab" && l.age_days > *trial_.lab_window_days) return Tri::unknown;
      const double v = l.canonical;
      const double tol = p.molar || l.molar ? 5e-4 : 1e-9;
      // The threshold as written, converted by the reference table (not the binder's value).
      const double low = reference_convert(p.written, p.unit.code, a.canonical.code, a.molar_mass).value_or(p.threshold);
      const double high = reference_convert(p.written_high, p.unit.code, a.canonical.code, a.molar_mass).value_or(p.high);
      switch (p.test) {
         case Predicate::Test::compare: return tri(holds(v, p.op, low, tol));
         case Predicate::Test::range:
            return tri(holds(v, p.low_open ? Comparator::gt : Comparator::ge, low, tol) && holds(v, p.high_open ? Comparator::lt : Comparator::le, high, tol));
         case Predicate::Test::relative: {
            const auto lim = limit(a, l, p.upper);
            if (!lim) return Tri::unknown;
            return tri(holds(v, p.op, p.factor * *lim, 1e-9));
         }
         case Predicate::Test::within_normal: {
            const auto lo = limit(a, l, false), hi = limit(a, l, true);
            if (!lo || !hi) return Tri::unknown;
            return tri(holds(v, Comparator::ge, *lo, tol) && holds(v, Comparator::le, *hi, tol));
         }
      }
      return Tri::unknown;
   }

   Tri age(const Predicate& p, const Model& m) const
   {
      if (!m.birth) return Tri::unknown;
      const double y = completed_years(*m.birth, date_);
      if (p.test == Predicate::Test::range)
         return tri(holds(y, p.low_open ? Comparator::gt : Comparator::ge, p.threshold, 1e-9) &&
                    holds(y, p.high_open ? Comparator::lt : Comparator::le, p.high, 1e-9));
      return tri(holds(y, p.op, p.threshold, 1e-9));
   }

   static Tri accepted(const Predicate& p, int lo, int hi)
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

   // What a derived score is computed from (engine/derived.hpp); the generator removes all of
   // them together, so the engine can only derive the whole range.
   struct Inputs {
      std::vector<std::string> labs, scores, concepts;
   };
   Inputs inputs_of(const Score& s) const
   {
      Inputs in;
      if (s.derived == "child_pugh") {
         in.labs = {"total_bilirubin", "albumin", "inr"};
         in.scores = {"ascites", "hepatic_encephalopathy"};
      }
      else if (s.derived == "albi")
         in.labs = {"total_bilirubin", "albumin"};
      else if (s.derived == "bclc") {
         in.labs = {"tumour_number", "tumour_size", "total_bilirubin", "albumin", "inr"};
         in.scores = {"ecog", "child_pugh", "ascites", "hepatic_encephalopathy"};
         in.concepts = {"macrovascular_invasion", "extrahepatic_spread"};
      }
      return in;
   }

   // Whether the model still holds something a derived score's concept input could be read from.
   bool concept_known(const Model& m, const Concept& c) const
   {
      for (const auto& [id, present] : m.findings) {
         const Concept* f = cat_.concept_(id);
         if (f && (f == &c || (present && cat_.is_a(*f, c)))) return true;
      }
      for (const auto& [id, r] : m.facts) {
         const Concept* f = cat_.concept_(id);
         if (f && r.state != FactState::absent && r.state != FactState::unconfirmed && cat_.is_a(*f, c)) return true;
      }
      return false;
   }

   Tri score(const Predicate& p, const Model& m) const
   {
      const Score& s = *p.score;
      if (auto it = m.scores.find(s.id); it != m.scores.end()) return accepted(p, it->second, it->second);
      if (s.derived.empty()) return Tri::unknown;
      const Inputs in = inputs_of(s);
      for (const auto& l : in.labs)
         if (m.labs.count(l)) return undecidable();
      for (const auto& x : in.scores)
         if (m.scores.count(x)) return undecidable();
      for (const auto& c : in.concepts)
         if (const Concept* cc = cat_.concept_(c); cc && concept_known(m, *cc)) return undecidable();
      return accepted(p, s.min, s.max);
   }

   Tri undecidable() const
   {
      undecidable_ = true;
      return Tri::unknown;
   }

   Date window_start(const Predicate& p) const
   {
      if (p.window_unit == "d") return date_.add_days(-p.window_amount);
      if (p.window_unit == "wk") return date_.add_days(-7L * p.window_amount);
      if (p.window_unit == "mo") return date_.add_months(-p.window_amount);
      return date_.add_months(-12 * p.window_amount);
   }

   // When a record last applied (the screening date while it is ongoing).
   Date last_applied(const Concept& c, const FactRec& r) const
   {
      if (r.state == FactState::dated) return r.last;
      const bool procedure = c.kind == "procedure";
      if (r.state == FactState::recent) return procedure ? date_.add_days(-2) : date_;
      return procedure ? date_.add_days(-3650) : date_.add_days(-3285);
   }

   static bool uses_findings(const Predicate& p) { return p.concept_->kind == "finding" && !p.window && !p.allergy; }

   // Documented semantics (docs/patient-format.md): a record counts for its concept and every
   // ancestor, in whatever list it is; "other X" leaves out the trial's own condition and
   // interventions; a finding without a window is about now (an ongoing record).
   Tri fact(const Predicate& p, const Model& m) const
   {
      const Concept& c = *p.concept_;
      if (!c.sex.empty() && !m.sex.empty() && m.sex != c.sex) return Tri::not_met;
      if (!p.window && !p.allergy) {
         if (auto it = m.findings.find(c.id); it != m.findings.end()) return tri(it->second);
         for (const auto& [id, present] : m.findings) {
            const Concept* f = cat_.concept_(id);
            if (present && f && f != &c && cat_.is_a(*f, c)) return Tri::met;
         }
      }
      bool hit = false, unconfirmed = false, failing = false;
      const auto& records = p.allergy ? m.allergy : m.facts;
      const bool since = p.window && *p.window == syntax::Window::Kind::since;
      for (const auto& [id, r] : records) {
         if (r.state == FactState::absent) continue;
         const Concept* rc = cat_.concept_(id);
         if (!rc || !cat_.is_a(*rc, c)) continue;
         if (p.other && std::any_of(own_.begin(), own_.end(), [&](const Concept* o) { return cat_.is_a(*rc, *o); })) continue;
         if (r.state == FactState::unconfirmed) {
            unconfirmed = true;
            continue;
         }
         const Date last = last_applied(*rc, r);
         if (c.kind == "finding" && !p.window && !p.allergy && last < date_) continue;  // a finding is about now
         if (since) {
            const long need = date_.days() - window_start(p).days();
            if (!holds(static_cast<double>(date_.days() - last.days()), p.window_op, static_cast<double>(need), 1e-9)) failing = true;
         }
         else if (!p.window || last >= window_start(p))
            hit = true;
      }
      if (since) return failing ? Tri::not_met : unconfirmed ? Tri::unknown : Tri::met;
      if (hit) return Tri::met;
      if (unconfirmed) return Tri::unknown;
      if (c.kind == "finding" && !p.allergy) return Tri::unknown;
      return Tri::not_met;
   }

   // ---- what each criterion and the trial come to ------------------------------

   struct Expected {
      std::vector<Tri> criteria;
      Verdict verdict = Verdict::indeterminate;
   };
   Tri needed(const Criterion& c) const { return c.section == "inclusion" ? Tri::met : Tri::not_met; }
   Expected expect(const Model& m) const
   {
      Expected e;
      bool failed = false, open = false;
      for (const auto& c : trial_.criteria) {
         const Tri t = oracle(c.predicate, m);
         e.criteria.push_back(t);
         if (t == Tri::unknown)
            open = true;
         else if (t != needed(c))
            failed = true;
      }
      e.verdict = failed ? Verdict::ineligible : open ? Verdict::indeterminate : Verdict::eligible;
      return e;
   }
   // How many criteria come out as the base patient needs them.
   int fit(const Model& m) const
   {
      int n = 0;
      for (const auto& c : trial_.criteria) n += oracle(c.predicate, m) == needed(c);
      return n;
   }

   // ---- building a patient to reach goals --------------------------------------

   static bool checkable(const Predicate& p)
   {
      if (p.kind == Predicate::Kind::manual) return false;
      if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any || p.kind == Predicate::Kind::negate)
         return std::any_of(p.children.begin(), p.children.end(), checkable);
      return true;
   }

   // Leaf goals that give `p` the result `target`. Where one child decides (an "any" to meet,
   // an "all" to fail), the child taken is the choice_ for that node, the first by default.
   void require(const Predicate& p, Tri target, std::vector<Goal>& out) const
   {
      switch (p.kind) {
         case Predicate::Kind::all:
         case Predicate::Kind::any: {
            const bool each = (p.kind == Predicate::Kind::all) == (target == Tri::met);
            if (each) {
               for (const auto& c : p.children) require(c, target, out);
               return;
            }
            std::vector<const Predicate*> options;
            for (const auto& c : p.children)
               if (checkable(c)) options.push_back(&c);
            if (options.empty()) return;
            auto it = choice_.find(&p);
            require(*options[(it == choice_.end() ? 0 : it->second) % options.size()], target, out);
            return;
         }
         case Predicate::Kind::negate: require(p.children.at(0), flip(target), out); return;
         case Predicate::Kind::manual:
         case Predicate::Kind::lab_window: return;
         default: out.push_back({&p, target});
      }
   }

   // Nodes of `p` where require() picks one child among several.
   static void choice_nodes(const Predicate& p, std::vector<std::pair<const Predicate*, std::size_t>>& out)
   {
      if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any) {
         const auto n = static_cast<std::size_t>(std::count_if(p.children.begin(), p.children.end(), checkable));
         if (n > 1) out.push_back({&p, n});
      }
      for (const auto& c : p.children) choice_nodes(c, out);
   }

   // Goals that make `leaf` decide its criterion: along the path from the root to it, the
   // siblings under an "all" met and under an "any" not met.
   bool path_goals(const Predicate& node, const Predicate* leaf, std::vector<Goal>& out) const
   {
      if (&node == leaf) return true;
      for (std::size_t i = 0; i < node.children.size(); ++i) {
         std::vector<Goal> inner;
         if (!path_goals(node.children[i], leaf, inner)) continue;
         if (node.kind == Predicate::Kind::all || node.kind == Predicate::Kind::any)
            for (std::size_t j = 0; j < node.children.size(); ++j)
               if (j != i) require(node.children[j], node.kind == Predicate::Kind::all ? Tri::met : Tri::not_met, out);
         out.insert(out.end(), inner.begin(), inner.end());
         return true;
      }
      return false;
   }

   static std::string var_of(const Predicate& p)
   {
      switch (p.kind) {
         case Predicate::Kind::measure: return p.analyte->id == "age" ? "age" : "lab:" + p.analyte->id;
         case Predicate::Kind::score: return "score:" + p.score->id;
         case Predicate::Kind::sex: return "sex";
         case Predicate::Kind::fact:
            if (p.allergy) return "allergy:" + p.concept_->id;
            return (uses_findings(p) ? "finding:" : "fact:") + p.concept_->id;
         default: return "";
      }
   }

   // Order in which variables are chosen: sex first (a fact such as "pregnant" needs it).
   static int var_rank(const std::string& v)
   {
      if (v == "sex") return 0;
      if (v == "age") return 1;
      if (v.rfind("lab:", 0) == 0) return 2;
      if (v.rfind("score:", 0) == 0) return 3;
      return 4;
   }

   // Tries the values a variable may take, most realistic first, and keeps the first that
   // gives every goal on it its target (else the one that gives the most).
   template <class Set>
   void pick(Model& m, const std::vector<Goal>& goals, std::size_t n, Set set)
   {
      auto satisfied = [&]() {
         int k = 0;
         for (const auto& g : goals) k += oracle(*g.leaf, m) == g.target;
         return k;
      };
      int best = -1;
      std::size_t best_i = 0;
      for (std::size_t i = 0; i < n; ++i) {
         set(i);
         const int s = satisfied();
         if (s == static_cast<int>(goals.size())) return;
         if (s > best) best = s, best_i = i;
      }
      set(best_i);
   }

   void try_candidates(Model& m, const std::string& var, const std::vector<Goal>& goals, const std::string& want_sex)
   {
      if (var == "sex") {
         std::string want = want_sex;
         for (const auto& g : goals)
            if (g.leaf->kind == Predicate::Kind::sex && g.target == Tri::met) want = g.leaf->sex;
         const std::vector<std::string> c = want == "female" ? std::vector<std::string>{"female", "male"} : std::vector<std::string>{"male", "female"};
         pick(m, goals, c.size(), [&](std::size_t i) { m.sex = c[i]; });
         return;
      }
      if (var == "age") {
         const std::vector<int> years = {60, 55, 65, 50, 70, 45, 40, 75, 35, 30, 80, 25, 85, 21, 90, 18, 95, 16, 12, 6, 1, 100};
         const int back = 30 + draw_.between(0, 200);
         pick(m, goals, years.size(), [&](std::size_t i) { m.birth = date_.add_months(-12 * years[i]).add_days(-back); });
         return;
      }
      if (var.rfind("lab:", 0) == 0) {
         const Analyte& a = *cat_.analyte(var.substr(4));
         std::vector<double> c;
         const double j = draw_.between(-10, 10) / 100.0;
         if (a.reference_range) {
            const double lo = a.reference_range->low, hi = a.reference_range->high;
            c.push_back((lo + hi) / 2 * (1 + j / 2));
            c.push_back(lo + (hi - lo) * 0.25);
            c.push_back(lo + (hi - lo) * 0.75);
         }
         for (const auto& g : goals) {
            std::vector<double> ts;
            const Predicate& p = *g.leaf;
            if (p.test == Predicate::Test::compare) ts = {p.threshold};
            if (p.test == Predicate::Test::range) ts = {p.threshold, p.high, (p.threshold + p.high) / 2};
            if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) {
               const LabVal& l = m.labs.at(a.id);
               ts = {p.factor * (p.upper ? l.ref_high : l.ref_low), l.ref_high, l.ref_low};
            }
            for (double t : ts)
               for (double f : {1.25, 0.8, 1.5, 0.5, 2.0, 0.25, 4.0, 10.0, 0.1}) c.push_back(t * f * (1 + j / 10));
         }
         c.push_back(1);
         c.push_back(0);
         for (double& v : c) v = a.id == "tumour_number" ? std::max(1.0, std::round(v)) : round_sig(std::max(0.0, v), 3);
         c.erase(std::remove_if(c.begin(), c.end(), [&](double v) { return !plausible(a, v); }), c.end());
         if (c.empty()) return;
         pick(m, goals, c.size(), [&](std::size_t i) { set_lab(m.labs.at(a.id), a, c[i]); });
         return;
      }
      if (var.rfind("score:", 0) == 0) {
         const Score& s = *cat_.score(var.substr(6));
         std::vector<int> c;
         if (s.id == "karnofsky")
            for (int v = 100; v >= 0; v -= 10) c.push_back(v);
         for (int v = s.min; v <= s.max; ++v) c.push_back(v);
         pick(m, goals, c.size(), [&](std::size_t i) { m.scores[s.id] = c[i]; });
         return;
      }
      if (var.rfind("finding:", 0) == 0) {
         const std::string id = var.substr(8);
         pick(m, goals, 2, [&](std::size_t i) { m.findings[id] = i == 1; });
         return;
      }
      const bool allergy = var.rfind("allergy:", 0) == 0;
      const std::string id = var.substr(var.find(':') + 1);
      const FactState states[] = {FactState::absent, FactState::recent, FactState::long_ago};
      auto& map = allergy ? m.allergy : m.facts;
      pick(m, goals, 3, [&](std::size_t i) { map[id] = FactRec{states[i], {}}; });
   }

   // The engine rejects a patient value outside the analyte's plausible range (a unit slip).
   static bool plausible(const Analyte& a, double canonical)
   {
      return !a.plausible || (canonical >= a.plausible->low && canonical <= a.plausible->high);
   }

   void set_lab(LabVal& l, const Analyte& a, double canonical) const
   {
      l.canonical = canonical;
      l.unit = a.canonical.code;
      l.written = canonical;
      l.molar = false;
   }

   // Chooses values for the variables the goals name; other variables keep their values.
   void solve(Model& m, const std::vector<Goal>& goals)
   {
      std::map<std::string, std::vector<Goal>> by_var;
      std::string want_sex;
      for (const auto& g : goals) {
         const std::string v = var_of(*g.leaf);
         if (v.rfind("lab:", 0) == 0 && !m.labs.count(v.substr(4))) set_lab(m.labs[v.substr(4)], *g.leaf->analyte, 1);
         by_var[v].push_back(g);
         if (g.leaf->kind == Predicate::Kind::fact && !g.leaf->concept_->sex.empty() && g.target == Tri::met) {
            by_var["sex"];
            want_sex = g.leaf->concept_->sex;
         }
      }
      std::vector<std::string> vars;
      for (const auto& [v, gs] : by_var) vars.push_back(v);
      std::stable_sort(vars.begin(), vars.end(), [](const std::string& a, const std::string& b) { return var_rank(a) < var_rank(b); });
      for (const auto& v : vars) try_candidates(m, v, by_var[v], want_sex);
      consistent(m);
   }

   // A finding recorded present makes its ancestors present (a PVTT is a macrovascular invasion).
   void consistent(Model& m) const
   {
      for (const auto& [id, present] : m.findings) {
         if (!present) continue;
         const Concept* f = cat_.concept_(id);
         for (auto& [aid, ap] : m.findings)
            if (!ap && aid != id && f && cat_.concept_(aid) && cat_.is_a(*f, *cat_.concept_(aid))) ap = true;
      }
   }

   // Sets a finding, keeping the hierarchy consistent both ways.
   void set_finding(Model& m, const Concept& c, bool present) const
   {
      m.findings[c.id] = present;
      for (auto& [id, v] : m.findings) {
         const Concept* o = cat_.concept_(id);
         if (!o || o == &c) continue;
         if (present && !v && cat_.is_a(c, *o)) v = true;   // ancestors are present too
         if (!present && v && cat_.is_a(*o, c)) v = false;  // descendants are absent too
      }
   }

   // ---- writing a patient ------------------------------------------------------

   ojson to_json(const Model& m, const std::string& id, const std::string& note) const
   {
      ojson j;
      j["format"] = "eligo-patient/1";
      j["id"] = id;
      j["note"] = note;
      if (!m.sex.empty()) j["sex"] = m.sex;
      if (m.birth) j["birth_date"] = m.birth->str();
      j["screening_date"] = date_.str();
      ojson labs = ojson::array();
      for (const auto& [aid, l] : m.labs) {
         ojson x = {{"analyte", aid}, {"value", round_sig(l.written, 10)}, {"unit", l.unit}, {"date", date_.add_days(-l.age_days).str()}};
         if (l.own_range) {
            const Analyte& a = *cat_.analyte(aid);
            x["reference_range"] = {{"low", l.ref_low}, {"high", l.ref_high}, {"unit", a.canonical.code}};
         }
         labs.push_back(x);
      }
      j["labs"] = labs;
      ojson scores = ojson::object();
      for (const auto& [sid, v] : m.scores) {
         const Score& s = *cat_.score(sid);
         if (s.numeric_labels)
            scores[sid] = v;
         else
            scores[sid] = s.label_for(v);
      }
      j["scores"] = scores;
      ojson findings = ojson::object();
      for (const auto& [cid, b] : m.findings) findings[cid] = b;
      j["findings"] = findings;
      ojson lists = {{"conditions", ojson::array()}, {"medications", ojson::array()}, {"procedures", ojson::array()}};
      for (const auto& [cid, r] : m.facts) {
         if (r.state == FactState::absent) continue;
         const Concept& c = *cat_.concept_(cid);
         lists[list_of(c)].push_back(record(c, r));
      }
      for (const auto& [k, v] : lists.items()) j[k] = v;
      ojson allergies = ojson::array();
      for (const auto& [cid, r] : m.allergy)
         if (r.state != FactState::absent) allergies.push_back(record(*cat_.concept_(cid), r));
      j["allergies"] = allergies;
      return j;
   }

   ojson record(const Concept& c, const FactRec& rec) const
   {
      ojson r = {{"concept", c.id}};
      const bool procedure = c.kind == "procedure";
      switch (rec.state) {
         case FactState::recent:
            if (procedure) {
               r["date"] = date_.add_days(-2).str();
               r["status"] = "completed";
            }
            else {
               r["start"] = date_.add_days(-30).str();
               r["status"] = "active";
            }
            break;
         case FactState::long_ago:
         case FactState::dated: {
            const Date last = last_applied(c, rec);
            if (procedure) {
               r["date"] = last.str();
               r["status"] = "completed";
            }
            else {
               r["start"] = last.add_days(-365).str();
               r["end"] = last.str();
               r["status"] = c.kind == "medication" ? "completed" : "resolved";
            }
            break;
         }
         case FactState::unconfirmed:
            r["start"] = date_.add_days(-30).str();
            r["status"] = "unconfirmed";
            break;
         case FactState::absent: break;
      }
      r["text"] = c.display + " (synthetic)";
      return r;
   }

   // ---- cases -----------------------------------------------------------------

   std::string criterion_id(std::size_t i) const
   {
      int n = 0;
      for (std::size_t k = 0; k <= i; ++k) n += trial_.criteria[k].section == trial_.criteria[i].section;
      return trial_.criteria[i].section + " " + std::to_string(n);
   }

   // Adds a case; the probed leaf's result is its result by construction (probe.intended), the
   // other leaves' from the generator's reading of the values it wrote. Where the two readings of
   // the probed leaf disagree, there is no case and a note says so.
   void add_case(const Model& m, const Probe& probe, const std::vector<std::string>& why_contains = {})
   {
      undecidable_ = false;
      overrides_.clear();
      if (probe.node && probe.intended) {
         const Tri numeric = oracle(*probe.node, m);
         if (numeric != *probe.intended) {
            notes_.push_back(probe.leaf + " " + probe.variant + ": no case: built to be " + to_string(*probe.intended) + ", but the value written reads as " +
                             to_string(numeric));
            return;
         }
         overrides_[probe.node] = *probe.intended;
      }
      const Expected e = expect(m);
      overrides_.clear();
      if (undecidable_) {
         notes_.push_back(probe.leaf + " " + probe.variant + ": no case (the generator cannot tell what the engine would derive)");
         return;
      }
      const bool leaf_probe = probe.leaf.find('/') != std::string::npos;
      if (leaf_probe) leaf_results_[probe.leaf].insert(e.criteria[current_criterion_]);
      ojson body = to_json(m, "", "");
      body.erase("id");
      body.erase("note");
      const std::string key = body.dump();
      ojson pj = {{"leaf", probe.leaf}, {"text", probe.text}, {"variant", probe.variant}};
      if (!probe.detail.empty()) pj["detail"] = probe.detail;
      if (leaf_probe) pj["criterion"] = criterion_id(current_criterion_);
      if (auto it = seen_.find(key); it != seen_.end()) {
         // The same patient already probes another leaf: one file, both probes.
         auto& c = cases_[it->second];
         c.patient["expect"]["probes"].push_back(pj);
         for (const auto& w : why_contains) c.patient["expect"]["why_contains"].push_back({{"criterion", criterion_id(current_criterion_)}, {"text", w}});
         return;
      }
      char num_buf[16];
      std::snprintf(num_buf, sizeof num_buf, "%03zu", cases_.size());
      SynthCase c;
      c.name = std::string("gen-") + num_buf + "-" + slug(probe);
      const std::string note = "Generated by eligo synth for " + trial_.id + ": " + (probe.leaf.empty() ? "" : probe.leaf + " '" + probe.text + "': ") +
                               probe.variant + (probe.detail.empty() ? "" : " (" + probe.detail + ")");
      c.patient = to_json(m, trial_.id + "/" + c.name, note);
      ojson ex;
      ex["trial"] = trial_.id;
      ex["verdict"] = to_string(e.verdict);
      ojson decided = ojson::array();
      ojson crit = ojson::array();
      for (std::size_t i = 0; i < trial_.criteria.size(); ++i) {
         const std::string cid = criterion_id(i);
         crit.push_back({{"criterion", cid}, {"result", to_string(e.criteria[i])}});
         const Tri t = e.criteria[i];
         const bool decides = e.verdict == Verdict::ineligible ? (t != Tri::unknown && t != needed(trial_.criteria[i]))
                                                               : e.verdict == Verdict::indeterminate && t == Tri::unknown;
         if (decides) decided.push_back(cid);
      }
      ex["decided_by"] = decided;
      ex["probes"] = ojson::array({pj});
      ex["why_contains"] = ojson::array();
      for (const auto& w : why_contains) ex["why_contains"].push_back({{"criterion", criterion_id(current_criterion_)}, {"text", w}});
      ex["criteria"] = crit;
      ex["all_criteria"] = true;  // the list is the whole trial: a criterion added or removed is a difference
      c.patient["expect"] = ex;
      seen_[key] = cases_.size();
      cases_.push_back(std::move(c));
   }

   static std::string slug(const Probe& p)
   {
      std::string leaf = p.leaf.substr(0, p.leaf.find('@'));
      std::string s = leaf.empty() ? p.variant : leaf + "-" + p.variant;
      std::string out;
      for (char ch : s) {
         const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
         if (ok)
            out += ch;
         else if (ch >= 'A' && ch <= 'Z')
            out += static_cast<char>(ch - 'A' + 'a');
         else if (!out.empty() && out.back() != '-')
            out += '-';
      }
      while (!out.empty() && out.back() == '-') out.pop_back();
      if (out.rfind("inclusion", 0) == 0) out = "inc" + out.substr(9);
      if (out.rfind("exclusion", 0) == 0) out = "exc" + out.substr(9);
      return out;
   }

   // A step: one unit of the second significant digit of the value as written.
   static double step_of(double written)
   {
      if (written == 0) return 0.1;
      return std::pow(10.0, std::floor(std::log10(std::fabs(written))) - 1);
   }

   // A value written in `unit`; its canonical value through the reference conversions.
   bool write_lab(LabVal& l, const Analyte& a, double value, const Unit& unit) const
   {
      const auto canonical = reference_convert(round_sig(value, 10), unit.code, a.canonical.code, a.molar_mass);
      if (!canonical) return false;
      l.written = round_sig(value, 10);
      l.unit = unit.code;
      l.canonical = *canonical;
      l.molar = unit.dim != a.canonical.dim;
      return true;
   }

   // Another unit the analyte is reported in: the canonical one if the criterion is written in
   // another, else the count per microlitre (75×10^9/L as 75000/µL), else the next in the list;
   // only units the reference table knows.
   std::optional<Unit> other_unit(const Analyte& a, const Unit& not_this) const
   {
      std::vector<std::string> order = {a.canonical.code};
      if (std::find(a.units.begin(), a.units.end(), "/uL") != a.units.end()) order.push_back("/uL");
      order.insert(order.end(), a.units.begin(), a.units.end());
      for (const auto& code : order) {
         try {
            const Unit u = a.unit(code);
            if (u.code == not_this.code || (u.dim == not_this.dim && std::fabs(u.factor - not_this.factor) <= 1e-12 * not_this.factor)) continue;
            if (!reference_convert(1, not_this.code, u.code, a.molar_mass)) continue;
            return u;
         }
         catch (const std::exception&) {
         }
      }
      return std::nullopt;
   }

   void add_lab_case(const Model& m, const Analyte& a, const Probe& probe, const std::vector<std::string>& why_contains = {})
   {
      if (auto it = m.labs.find(a.id); it != m.labs.end() && !plausible(a, it->second.canonical)) {
         notes_.push_back(probe.leaf + " " + probe.variant + ": no case, " + probe.detail + " is outside the plausible range of " + a.display +
                          " (the criterion itself draws a plausibility warning)");
         return;
      }
      add_case(m, probe, why_contains);
   }

   static bool inclusive(Comparator op) { return op == Comparator::ge || op == Comparator::le || op == Comparator::eq; }

   void probe_lab(const Predicate& p, const std::string& id, const Model& at)
   {
      const Analyte& a = *p.analyte;
      const LabVal base = at.labs.at(a.id);
      struct Edge {
         double written;  // as written in `unit`
         Unit unit;
         Comparator op;
         const char* name;
      };
      std::vector<Edge> edges;
      const Unit canon = a.canonical;
      if (p.test == Predicate::Test::compare) edges.push_back({p.written, p.unit, p.op, "threshold"});
      if (p.test == Predicate::Test::range) {
         edges.push_back({p.written, p.unit, p.low_open ? Comparator::gt : Comparator::ge, "low end"});
         edges.push_back({p.written_high, p.unit, p.high_open ? Comparator::lt : Comparator::le, "high end"});
      }
      if (p.test == Predicate::Test::relative) {
         const double t = p.factor * (p.upper ? base.ref_high : base.ref_low);
         edges.push_back({t, canon, p.op, p.upper ? "factor × ULN" : "factor × LLN"});
      }
      if (p.test == Predicate::Test::within_normal) {
         edges.push_back({base.ref_high, canon, Comparator::le, "ULN"});
         edges.push_back({base.ref_low, canon, Comparator::ge, "LLN"});
      }
      auto with_unit = [](double v, const Unit& u) {
         const std::string d = display_unit(u.code);
         return num(v) + (d.empty() ? "" : " " + d);
      };
      for (const auto& e : edges) {
         const std::string shown = with_unit(e.written, e.unit);
         const Tri at_edge = tri(inclusive(e.op));
         Model m = at;
         if (!write_lab(m.labs.at(a.id), a, e.written, e.unit)) {
            notes_.push_back(id + ": no boundary case: the reference conversions do not know " + e.unit.code);
            continue;
         }
         add_lab_case(m, a, {id, p.text, "boundary", e.name + std::string(" exactly: ") + shown, at_edge, &p});
         // One step to the other side of the boundary.
         const double step = a.id == "tumour_number" ? 1 : step_of(e.written);  // a count steps by one
         const bool outward = e.op == Comparator::ge || e.op == Comparator::lt;     // for ≥ and <, "beyond" is below
         const double beyond = outward ? e.written - step : e.written + step;
         if (beyond >= 0) {
            m = at;
            write_lab(m.labs.at(a.id), a, beyond, e.unit);
            add_lab_case(m, a, {id, p.text, "one step beyond", with_unit(beyond, e.unit), flip(at_edge), &p});
         }
         if (auto u = other_unit(a, e.unit)) {
            m = at;
            const double v = *reference_convert(e.written, e.unit.code, u->code, a.molar_mass);
            write_lab(m.labs.at(a.id), a, v, *u);
            add_lab_case(m, a, {id, p.text, "boundary in another unit", shown + " written as " + with_unit(round_sig(v, 10), *u), at_edge, &p});
            // One step beyond, in the other unit: a wrong conversion factor in the engine shows here.
            if (beyond >= 0) {
               m = at;
               const double vb = *reference_convert(beyond, e.unit.code, u->code, a.molar_mass);
               write_lab(m.labs.at(a.id), a, vb, *u);
               add_lab_case(m, a, {id, p.text, "one step beyond in another unit", with_unit(beyond, e.unit) + " written as " + with_unit(round_sig(vb, 10), *u),
                                   flip(at_edge), &p});
            }
         }
      }
      Model m = at;
      m.labs.erase(a.id);
      add_case(m, {id, p.text, "missing", a.display + " not given", Tri::unknown, &p});
      if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) {
         // No reference range: the engine falls back to the catalogue's, and says so.
         m = at;
         LabVal& l = m.labs.at(a.id);
         l.own_range = false;
         if (!edges.empty()) write_lab(l, a, edges.front().written, edges.front().unit);
         const std::string which = p.test == Predicate::Test::relative && !p.upper ? "LLN" : "ULN";
         add_lab_case(m, a, {id, p.text, "no reference range", a.reference_range ? "assumed " + which + " from the catalogue" : "no catalogue default either", {}, &p},
                      a.reference_range ? std::vector<std::string>{"assumed " + which} : std::vector<std::string>{});
      }
      if (trial_.lab_window_days && a.kind == "lab") {
         const int w = *trial_.lab_window_days;
         m = at;
         m.labs.at(a.id).age_days = w;
         add_case(m, {id, p.text, "last day of the lab window", "taken " + std::to_string(w) + " days before screening"});
         m = at;
         m.labs.at(a.id).age_days = w + 1;
         add_case(m, {id, p.text, "stale", "taken " + std::to_string(w + 1) + " days before screening", Tri::unknown, &p});
      }
   }

   void probe_age(const Predicate& p, const std::string& id, const Model& at)
   {
      std::vector<std::pair<double, Comparator>> edges;
      if (p.test == Predicate::Test::range) {
         edges.push_back({p.threshold, p.low_open ? Comparator::gt : Comparator::ge});
         edges.push_back({p.high, p.high_open ? Comparator::lt : Comparator::le});
      }
      else
         edges.push_back({p.threshold, p.op});
      for (const auto& [t, op] : edges) {
         if (t != std::floor(t) || t < 0 || t > 130) {
            notes_.push_back(id + ": age boundary " + num(t) + " years is not a whole year; no boundary case");
            continue;
         }
         const int y = static_cast<int>(t);
         const Tri at_edge = tri(inclusive(op));
         Model m = at;
         m.birth = date_.add_months(-12 * y);
         add_case(m, {id, p.text, "boundary", std::to_string(y) + "th birthday on the screening date", at_edge, &p});
         m = at;
         const bool below = op == Comparator::ge || op == Comparator::lt;
         m.birth = below ? date_.add_months(-12 * y).add_days(1) : date_.add_months(-12 * (y + 1));
         add_case(m, {id, p.text, "one step beyond",
                      below ? std::to_string(y) + "th birthday tomorrow" : std::to_string(y + 1) + "th birthday on the screening date", flip(at_edge), &p});
      }
      Model m = at;
      m.birth.reset();
      add_case(m, {id, p.text, "missing", "no birth date", Tri::unknown, &p});
   }

   void probe_score(const Predicate& p, const std::string& id, const Model& at)
   {
      const Score& s = *p.score;
      const int step = s.id == "karnofsky" ? 10 : 1;
      std::set<int> values;
      auto inside = [&](int v) { return std::any_of(p.accepted.begin(), p.accepted.end(), [&](const auto& r) { return v >= r.first && v <= r.second; }); };
      for (const auto& [a, b] : p.accepted)
         for (int v : {a, a - step, b, b + step})
            if (v >= s.min && v <= s.max) values.insert(v);
      for (int v : values) {
         Model m = at;
         m.scores[s.id] = v;
         add_case(m, {id, p.text, inside(v) ? "boundary" : "one step beyond", s.display + " " + (s.numeric_labels ? std::to_string(v) : s.label_for(v)),
                      tri(inside(v)), &p});
      }
      Model m = at;
      m.scores.erase(s.id);
      std::string detail = s.display + " not given";
      if (!s.derived.empty()) {
         const Inputs in = inputs_of(s);
         for (const auto& l : in.labs) m.labs.erase(l);
         for (const auto& x : in.scores) m.scores.erase(x);
         for (const auto& c : in.concepts) {
            const Concept* cc = cat_.concept_(c);
            if (!cc) continue;
            // The input and everything narrower: unknown.
            for (auto it = m.findings.begin(); it != m.findings.end();)
               it = cat_.concept_(it->first) && cat_.is_a(*cat_.concept_(it->first), *cc) ? m.findings.erase(it) : std::next(it);
            for (auto& [fid, r] : m.facts)
               if (cat_.concept_(fid) && cat_.is_a(*cat_.concept_(fid), *cc) && r.state != FactState::absent) r.state = FactState::unconfirmed;
            if (cc->kind != "finding") m.facts[c] = FactRec{FactState::unconfirmed, {}};
         }
         detail += ", nor what it is derived from";
      }
      add_case(m, {id, p.text, "missing", detail, Tri::unknown, &p});
   }

   void probe_sex(const Predicate& p, const std::string& id, const Model& at)
   {
      for (const char* s : {"female", "male"}) {
         Model m = at;
         m.sex = s;
         add_case(m, {id, p.text, p.sex == s ? "required sex" : "other sex", s, tri(p.sex == s), &p});
      }
      Model m = at;
      m.sex.clear();
      add_case(m, {id, p.text, "missing", "sex not recorded", Tri::unknown, &p});
   }

   void probe_fact(const Predicate& p, const std::string& id, const Model& at)
   {
      const Concept& c = *p.concept_;
      auto with_sex = [&](Model& m) {
         if (!c.sex.empty()) m.sex = c.sex;
      };
      if (uses_findings(p)) {
         for (bool present : {true, false}) {
            Model m = at;
            set_finding(m, c, present);
            if (present) with_sex(m);
            add_case(m, {id, p.text, present ? "present" : "absent", c.display + (present ? " recorded as present" : " recorded as absent")});
         }
         if (!c.sex.empty()) {
            Model m = at;
            set_finding(m, c, true);
            m.sex = c.sex == "female" ? "male" : "female";
            add_case(m, {id, p.text, "present, other sex", c.display + " recorded as present for a " + m.sex + " patient"});
         }
         Model m = at;
         m.findings.erase(c.id);
         with_sex(m);
         add_case(m, {id, p.text, "missing", c.display + " not recorded"});
         return;
      }
      auto which = [&](Model& m) -> std::map<std::string, FactRec>& { return p.allergy ? m.allergy : m.facts; };
      const std::pair<FactState, const char*> states[] = {{FactState::recent, "recent record"},
                                                          {FactState::long_ago, "record ten years ago"},
                                                          {FactState::absent, "no record"},
                                                          {FactState::unconfirmed, "missing"}};
      for (const auto& [st, name] : states) {
         Model m = at;
         which(m)[c.id] = FactRec{st, {}};
         if (st != FactState::absent) with_sex(m);
         const std::string detail = st == FactState::unconfirmed ? c.display + " recorded as unconfirmed"
                                    : st == FactState::absent    ? "no " + c.display + " in a complete " + (p.allergy ? std::string("allergies") : list_of(c)) + " list"
                                                                 : c.display + " " + name;
         add_case(m, {id, p.text, name, detail});
      }
      // A record of a narrower concept counts for this one; a record of the trial's own
      // condition or intervention does not count for "other ...".
      for (const auto& x : cat_.concepts())
         if (&x != &c && x.kind != "finding" && cat_.is_a(x, c) &&
             !(p.other && std::any_of(own_.begin(), own_.end(), [&](const Concept* o) { return cat_.is_a(x, *o); }))) {
            Model m = at;
            which(m)[x.id] = FactRec{FactState::recent, {}};
            add_case(m, {id, p.text, "narrower record", x.display + " recent record, a kind of " + c.display});
            break;
         }
      if (p.other)
         for (const Concept* o : own_)
            if (cat_.is_a(*o, c) && o->kind != "finding") {
               Model m = at;
               which(m)[o->id] = FactRec{FactState::recent, {}};
               add_case(m, {id, p.text, "the trial's own", o->display + " recent record: not another " + c.display});
               break;
            }
      // Window edges: the last day inside the window and the day before it.
      if (p.window && c.kind != "finding") {
         const Date ws = window_start(p);
         if (*p.window == syntax::Window::Kind::within) {
            for (int back : {0, 1}) {
               Model m = at;
               which(m)[c.id] = FactRec{FactState::dated, ws.add_days(-back)};
               add_case(m, {id, p.text, back ? "a day before the window" : "first day of the window", c.display + " last on " + ws.add_days(-back).str()});
            }
         }
         else {
            for (int back : {0, 1}) {
               Model m = at;
               const Date last = ws.add_days(back);
               which(m)[c.id] = FactRec{FactState::dated, last};
               add_case(m, {id, p.text, back ? "a day too recent" : "exactly the time since", c.display + " last on " + last.str()});
            }
         }
      }
   }

   void probe_lab_window(const Predicate& p, const std::string& id, const Model& at)
   {
      add_case(at, {id, p.text, "all labs in the window", std::to_string(trial_.labs.size()) + " labs taken 2 days before screening"});
      for (const Analyte* a : trial_.labs) {
         if (!at.labs.count(a->id)) continue;
         for (int extra : {0, 1}) {
            Model m = at;
            m.labs.at(a->id).age_days = p.lab_window_days + extra;
            add_case(m, {id, p.text, extra ? "stale" : "last day of the window",
                         a->display + " taken " + std::to_string(p.lab_window_days + extra) + " days before screening"});
         }
         break;
      }
   }

   void build_base();

private:
   const Trial& trial_;
   const Catalogue& cat_;
   Date date_;
   Draw draw_;
   std::vector<const Concept*> own_;
   Model initial_, base_;
   std::vector<SynthCase> cases_;
   std::map<std::string, std::size_t> seen_;
   std::map<std::string, std::set<Tri>> leaf_results_;  // leaf id -> its criterion's expected results over its cases
   std::vector<std::string> notes_;
   std::map<const Predicate*, std::size_t> choice_;
   mutable std::map<const Predicate*, Tri> overrides_;
   std::size_t current_criterion_ = 0;
   mutable bool undecidable_ = false;
};

void walk_leaves(const Predicate& p, std::vector<const Predicate*>& out)
{
   if (p.kind == Predicate::Kind::all || p.kind == Predicate::Kind::any || p.kind == Predicate::Kind::negate) {
      for (const auto& c : p.children) walk_leaves(c, out);
      return;
   }
   out.push_back(&p);
}

// The base patient: every lab the trial uses, with its own reference range (the catalogue's,
// 10% narrower at the bottom and wider at the top, so the assumed-limit path is told apart),
// taken two days before screening; complete, empty history lists; then the values every goal
// needs. Where a criterion is not met as needed, the other branches of its "or"s are tried.
void Generator::build_base()
{
   initial_.sex = "male";
   initial_.birth = date_.add_months(-12 * 60).add_days(-(30 + draw_.between(0, 200)));
   auto add_lab = [&](const Analyte& a) {
      LabVal& l = initial_.labs[a.id];
      if (a.reference_range) {
         l.own_range = true;
         l.ref_low = round_sig(a.reference_range->low * 1.1, 4);
         l.ref_high = round_sig(a.reference_range->high * 1.1, 4);
      }
      // The middle of the normal range; without one, the lower quarter of the plausible range.
      const double v = a.reference_range ? (l.ref_low + l.ref_high) / 2
                       : a.plausible      ? a.plausible->low + (a.plausible->high - a.plausible->low) / 4
                                          : 1;
      set_lab(l, a, a.id == "tumour_number" ? std::max(1.0, std::round(v)) : round_sig(v, 3));
   };
   for (const Analyte* a : trial_.labs) add_lab(*a);
   for (const LeafRef& r : checkable_leaves(trial_)) {
      const Predicate& p = *r.leaf;
      if (p.kind != Predicate::Kind::measure || p.analyte->id == "age") continue;
      if (!initial_.labs.count(p.analyte->id)) add_lab(*p.analyte);
      LabVal& l = initial_.labs[p.analyte->id];
      if ((p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal) && !l.own_range) {
         l.own_range = true;  // no catalogue range: the synthetic laboratory reports 1-10
         l.ref_low = 1;
         l.ref_high = 10;
      }
   }
   auto build = [&] {
      Model m = initial_;
      std::vector<Goal> goals;
      for (const auto& c : trial_.criteria) require(c.predicate, needed(c), goals);
      solve(m, goals);
      return m;
   };
   base_ = build();
   int best = fit(base_);
   for (std::size_t i = 0; i < trial_.criteria.size() && best < static_cast<int>(trial_.criteria.size()); ++i) {
      const Criterion& c = trial_.criteria[i];
      if (oracle(c.predicate, base_) == needed(c) || !checkable(c.predicate)) continue;
      std::vector<std::pair<const Predicate*, std::size_t>> nodes;
      choice_nodes(c.predicate, nodes);
      for (const auto& [node, n] : nodes)
         for (std::size_t alt = 1; alt < n; ++alt) {
            const auto keep = choice_;
            choice_[node] = alt;
            Model m = build();
            const int f = fit(m);
            if (f > best) {
               best = f;
               base_ = m;
            }
            else
               choice_ = keep;
         }
   }
   const Expected e = expect(base_);
   if (e.verdict != Verdict::eligible) {
      std::string which;
      for (std::size_t i = 0; i < trial_.criteria.size(); ++i)
         if (e.criteria[i] != needed(trial_.criteria[i]))
            which += (which.empty() ? "" : ", ") + criterion_id(i) + (trial_.criteria[i].manual ? " (manual review)" : " (" + std::string(to_string(e.criteria[i])) + ")");
      notes_.push_back("the base patient is " + std::string(to_string(e.verdict)) + ": " + which +
                       (e.verdict == Verdict::ineligible ? "; these criteria cannot all be met together" : ""));
   }
}

SynthSuite Generator::run()
{
   build_base();
   add_case(base_, {"", "", "base", "built to meet every inclusion and no exclusion"});

   std::size_t leaves = 0;
   std::map<std::string, int> index;
   std::vector<std::string> leaf_ids;
   for (std::size_t ci = 0; ci < trial_.criteria.size(); ++ci) {
      const Criterion& c = trial_.criteria[ci];
      current_criterion_ = ci;
      const std::string cid = c.section + "#" + std::to_string(++index[c.section]);
      std::vector<const Predicate*> ls;
      walk_leaves(c.predicate, ls);
      int li = 0;
      for (const Predicate* p : ls) {
         ++li;
         if (p->kind == Predicate::Kind::manual) continue;
         ++leaves;
         const std::string id = cid + "/" + std::to_string(li) + "@" + leaf_hash(*p);
         leaf_ids.push_back(id);
         // The base patient with this leaf's siblings set so that the leaf decides its criterion.
         Model at = base_;
         std::vector<Goal> g;
         path_goals(c.predicate, p, g);
         if (!g.empty()) solve(at, g);
         switch (p->kind) {
            case Predicate::Kind::measure:
               if (p->analyte->id == "age")
                  probe_age(*p, id, at);
               else
                  probe_lab(*p, id, at);
               break;
            case Predicate::Kind::score: probe_score(*p, id, at); break;
            case Predicate::Kind::sex: probe_sex(*p, id, at); break;
            case Predicate::Kind::fact: probe_fact(*p, id, at); break;
            case Predicate::Kind::lab_window: probe_lab_window(*p, id, at); break;
            default: break;
         }
      }
      // A patient who meets this exclusion, and keeps every other criterion as the base patient has it.
      if (c.section == "exclusion" && checkable(c.predicate)) {
         Model m = initial_;
         std::vector<Goal> g;
         for (std::size_t k = 0; k < trial_.criteria.size(); ++k)
            require(trial_.criteria[k].predicate, k == ci ? Tri::met : needed(trial_.criteria[k]), g);
         solve(m, g);
         const Expected e = expect(m);
         if (e.criteria[ci] != Tri::met)
            notes_.push_back(cid + ": no patient meeting it was found (it comes out " + std::string(to_string(e.criteria[ci])) + ")");
         else {
            std::string also;
            const Expected b = expect(base_);
            for (std::size_t k = 0; k < trial_.criteria.size(); ++k)
               if (k != ci && e.criteria[k] != b.criteria[k]) also += (also.empty() ? "" : ", ") + criterion_id(k);
            if (!also.empty()) notes_.push_back(cid + ": a patient meeting it also changes " + also);
            add_case(m, {cid, c.text, "meets this exclusion", also.empty() ? "" : "also changes " + also});
         }
      }
   }
   // A leaf is probed when its cases give its criterion two different results: it decides.
   SynthSuite s;
   s.trial = trial_.id;
   s.leaves = leaves;
   std::set<std::string> deciding;
   for (const auto& id : leaf_ids) {
      auto it = leaf_results_.find(id);
      if (it != leaf_results_.end() && it->second.size() > 1)
         deciding.insert(id);
      else
         notes_.push_back(id + ": its cases cannot change its criterion's result (another criterion or branch settles it)");
   }
   for (auto& c : cases_)
      for (auto& pj : c.patient["expect"]["probes"])
         if (pj.contains("criterion")) pj["decides"] = deciding.count(pj["leaf"].get<std::string>()) > 0;
   s.probed = deciding.size();
   s.cases = std::move(cases_);
   s.notes = notes_;
   return s;
}

}  // namespace

Date synth_date() { return Date{2026, 6, 15}; }

SynthSuite synthesize(const Trial& trial, const Catalogue& catalogue, std::uint64_t seed)
{
   return Generator(trial, catalogue, seed).run();
}

std::vector<LeafRef> checkable_leaves(const Trial& trial)
{
   std::vector<LeafRef> out;
   std::map<std::string, int> index;
   for (const auto& c : trial.criteria) {
      const std::string cid = c.section + "#" + std::to_string(++index[c.section]);
      std::vector<const Predicate*> ls;
      walk_leaves(c.predicate, ls);
      int li = 0;
      for (const Predicate* p : ls) {
         ++li;
         if (p->kind != Predicate::Kind::manual) out.push_back({cid + "/" + std::to_string(li) + "@" + leaf_hash(*p), p, &c});
      }
   }
   return out;
}

}  // namespace eligo

// ---- regression ------------------------------------------------------------------

namespace eligo {

std::size_t RegressReport::failed() const
{
   return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const RegressRow& r) { return !r.ok; }));
}

namespace {

void collect_cases(const std::string& input, std::vector<std::string>& out)
{
   namespace fs = std::filesystem;
   if (!fs::exists(input)) throw InputError(input + ": no such file or directory");
   if (fs::is_directory(input)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(input))
         if (e.is_regular_file() && e.path().extension() == ".json") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
   }
   else
      out.push_back(input);
}

void gather_whys(const CriterionResult& r, std::string& into)
{
   into += r.outcome.why;
   into += '\n';
   for (const auto& c : r.children) gather_whys(c, into);
}

std::string clip(const std::string& s, std::size_t n)
{
   if (s.size() <= n) return s;
   std::size_t cut = n;
   while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
   return s.substr(0, cut) + "…";
}

}  // namespace

RegressReport regress(const std::vector<std::string>& inputs, const std::vector<Trial>& trials, const Catalogue& catalogue)
{
   RegressReport rep;
   std::vector<std::string> files;
   for (const auto& in : inputs) collect_cases(in, files);
   if (files.empty()) {
      std::string where;
      for (const auto& in : inputs) where += (where.empty() ? "" : ", ") + in;
      throw InputError(where + ": no case files (*.json) found");
   }
   std::map<std::string, const Trial*> by_id;
   for (const auto& t : trials) by_id[t.id] = &t;
   std::map<std::string, std::set<std::string>> probed;  // trial -> leaf ids with cases
   for (const auto& f : files) {
      RegressRow row;
      row.file = f;
      row.actual = "error";
      try {
         std::ifstream in(f, std::ios::binary);
         if (!in) throw InputError(f + ": cannot open file");
         std::ostringstream ss;
         ss << in.rdbuf();
         const std::string text = ss.str();
         nlohmann::json doc;
         try {
            doc = nlohmann::json::parse(text);
         }
         catch (const nlohmann::json::exception&) {
            // read_patient below reports where the JSON is malformed.
         }
         if (!doc.is_object() || !doc.contains("expect") || !doc["expect"].is_object())
            throw InputError(f + ": not a regression case: expected an \"expect\" object {\"trial\", \"verdict\"} (docs/synthetic.md)");
         const auto& ex = doc["expect"];
         if (!ex.contains("trial") || !ex["trial"].is_string()) throw InputError(f + ": expect.trial: expected a trial id");
         if (!ex.contains("verdict") || !ex["verdict"].is_string()) throw InputError(f + ": expect.verdict: expected eligible, ineligible or indeterminate");
         row.trial = ex["trial"].get<std::string>();
         row.expected = ex["verdict"].get<std::string>();
         if (row.expected != "eligible" && row.expected != "ineligible" && row.expected != "indeterminate")
            throw InputError(f + ": expect.verdict: expected eligible, ineligible or indeterminate, got \"" + row.expected + "\"");
         const Patient p = read_patient(text, f, catalogue);
         row.patient = p.id;
         auto it = by_id.find(row.trial);
         if (it == by_id.end()) throw InputError(f + ": expect.trial: no trial '" + row.trial + "' among the trials given");
         const Trial& t = *it->second;
         // A leaf counts as probed when a case for it can change its criterion's result.
         if (auto pr = ex.find("probes"); pr != ex.end() && pr->is_array())
            for (const auto& x : *pr)
               if (x.is_object() && x.contains("leaf") && x["leaf"].is_string() && x.value("decides", false))
                  probed[t.id].insert(x["leaf"].get<std::string>());
         const Date date = p.screening_date.value_or(synth_date());
         const TrialResult r = screen(t, p, date, catalogue);
         row.actual = to_string(r.verdict);
         if (row.actual != row.expected) row.diffs.push_back("verdict: expected " + row.expected + ", got " + row.actual);
         // Criterion by criterion, by their place in each section.
         std::map<std::string, std::size_t> where;  // "inclusion 9" -> index in t.criteria
         std::map<std::string, int> index;
         for (std::size_t i = 0; i < t.criteria.size(); ++i) where[t.criteria[i].section + " " + std::to_string(++index[t.criteria[i].section])] = i;
         std::size_t expected_count = 0;
         if (auto cr = ex.find("criteria"); cr != ex.end() && cr->is_array()) {
            expected_count = cr->size();
            for (const auto& c : *cr) {
               const std::string cid = c.value("criterion", std::string());
               const std::string want = c.value("result", std::string());
               auto w = where.find(cid);
               if (w == where.end()) {
                  row.diffs.push_back(cid + ": the case expects " + want + ", but the trial has no such criterion");
                  continue;
               }
               const Criterion& crit = t.criteria[w->second];
               const Outcome& o = r.criteria[w->second].outcome;
               const std::string got = to_string(o.result);
               if (got != want)
                  row.diffs.push_back(cid + " (" + t.path + ":" + std::to_string(crit.line) + ") \"" + clip(crit.text, 90) + "\"" +
                                      (crit.as.empty() ? "" : " as: \"" + clip(crit.as, 90) + "\"") + ": expected " + want + ", got " + got + ": " + o.why);
            }
            if (ex.value("all_criteria", false) && expected_count != t.criteria.size())
               row.diffs.push_back("the trial has " + std::to_string(t.criteria.size()) + " criteria; the case was built for " + std::to_string(expected_count));
         }
         // decided_by: the criteria that decide the verdict must be exactly these.
         if (auto db = ex.find("decided_by"); db != ex.end() && db->is_array()) {
            std::vector<std::string> want, got;
            for (const auto& x : *db)
               if (x.is_string()) want.push_back(x.get<std::string>());
            std::map<std::string, int> n;
            for (std::size_t i = 0; i < t.criteria.size(); ++i) {
               const std::string cid = t.criteria[i].section + " " + std::to_string(++n[t.criteria[i].section]);
               if (decides(r, r.criteria[i])) got.push_back(cid);
            }
            if (want != got) {
               auto join = [](const std::vector<std::string>& v) {
                  std::string s;
                  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
                  return s.empty() ? std::string("none") : s;
               };
               row.diffs.push_back("decided by: expected " + join(want) + ", got " + join(got));
            }
         }
         // why_contains: words the explanation of a criterion (or of any, when none is named) must use.
         if (auto wc = ex.find("why_contains"); wc != ex.end() && wc->is_array()) {
            for (const auto& w : *wc) {
               std::string text, cid;
               if (w.is_string())
                  text = w.get<std::string>();
               else if (w.is_object()) {
                  text = w.value("text", std::string());
                  cid = w.value("criterion", std::string());
               }
               std::string whys;
               for (std::size_t i = 0; i < r.criteria.size(); ++i)
                  if (cid.empty() || (where.count(cid) && where.at(cid) == i)) gather_whys(r.criteria[i], whys);
               if (whys.find(text) == std::string::npos)
                  row.diffs.push_back("expected the explanation of " + (cid.empty() ? std::string("a criterion") : cid) + " to say \"" + text + "\"; it does not");
            }
         }
         row.ok = row.diffs.empty();
      }
      catch (const std::exception& e) {
         row.ok = false;
         row.diffs.push_back(e.what());
      }
      rep.rows.push_back(std::move(row));
   }
   for (const auto& [tid, ids] : probed) {
      auto it = by_id.find(tid);
      if (it == by_id.end()) continue;
      RegressCoverage c;
      c.trial = tid;
      for (const auto& l : checkable_leaves(*it->second)) {
         ++c.leaves;
         if (ids.count(l.id))
            ++c.probed;
         else
            c.unprobed.push_back(l.id);
      }
      rep.coverage.push_back(std::move(c));
   }
   return rep;
}

}  // namespace eligo

// ---- population ------------------------------------------------------------------

namespace eligo {

namespace {

double clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

}  // namespace

void write_population(std::ostream& out, std::size_t n, std::uint64_t seed, const Catalogue& catalogue)
{
   Draw d(seed);
   const Date screening = synth_date();
   // Thresholds that HCC trials use most (NCT03838796 and the corpus), in canonical units:
   // a third of the patients get one lab placed near one of them.
   struct Near {
      const char* analyte;
      double value;  // canonical, or a ULN factor when uln > 0
      double uln;
   };
   static const Near near[] = {{"platelets", 75, 0},        {"platelets", 100, 0},       {"total_bilirubin", 51.31, 0}, {"total_bilirubin", 34.21, 0},
                               {"albumin", 28, 0},          {"absolute_neutrophils", 1.5, 0}, {"hemoglobin", 85, 0},   {"inr", 2.3, 0},
                               {"ast", 5, 48},              {"alt", 5, 55},             {"creatinine", 1.5, 106}};
   for (std::size_t i = 0; i < n; ++i) {
      ojson p;
      char id[32];
      std::snprintf(id, sizeof id, "POP-%07zu", i + 1);
      p["format"] = "eligo-patient/1";
      p["id"] = id;
      const bool male = d.chance(0.80);
      p["sex"] = male ? "male" : "female";
      const int age = static_cast<int>(clamp(std::round(d.normal(61, 11)), 20, 92));
      p["birth_date"] = screening.add_months(-12 * age).add_days(-d.between(0, 364)).str();
      p["screening_date"] = screening.str();
      const bool us = d.chance(0.4);  // conventional (US) units, else SI (China, Europe)
      const std::string cp = d.pick<std::string>({{0.65, "A"}, {0.28, "B"}, {0.07, "C"}});
      const double sev = cp == "A" ? 0 : cp == "B" ? 1 : 2;
      std::map<std::string, double> v;  // canonical values
      v["total_bilirubin"] = clamp(d.lognormal(14 * std::pow(2.2, sev), 0.35), 3, 600);
      v["albumin"] = clamp(d.normal(41 - 6 * sev, 3.5), 15, 55);
      v["inr"] = clamp(d.normal(1.08 + 0.35 * sev, 0.12), 0.8, 5);
      v["platelets"] = clamp(d.lognormal(165 - 35 * sev, 0.45), 8, 900);
      v["absolute_neutrophils"] = clamp(d.lognormal(3.4, 0.4), 0.2, 30);
      v["hemoglobin"] = clamp(d.normal(132 - 8 * sev, 17), 50, 190);
      v["ast"] = clamp(d.lognormal(42 + 18 * sev, 0.6), 8, 3000);
      v["alt"] = clamp(d.lognormal(40 + 8 * sev, 0.6), 5, 3000);
      v["alp"] = clamp(d.lognormal(115 + 20 * sev, 0.4), 30, 2000);
      v["creatinine"] = clamp(d.normal(78, 18), 35, 600);
      v["afp"] = clamp(d.lognormal(60, 2.2), 1, 200000);
      if (d.chance(1.0 / 3)) {
         const Near& x = near[d.between(0, static_cast<int>(std::size(near)) - 1)];
         const double at = x.uln > 0 ? x.value * x.uln : x.value;
         // exactly on it a quarter of the time, else within ±3%
         v[x.analyte] = d.chance(0.25) ? at : at * (1 + (d.uniform() - 0.5) * 0.06);
      }
      ojson labs = ojson::array();
      const std::string lab_date = screening.add_days(-d.between(1, 21)).str();
      for (const char* a : {"total_bilirubin", "albumin", "inr", "platelets", "absolute_neutrophils", "hemoglobin", "ast", "alt", "alp", "creatinine", "afp"}) {
         if (d.chance(0.04)) continue;  // not done
         double x = v[a];
         std::string unit;
         const std::string s = a;
         if (s == "total_bilirubin") unit = us ? "mg/dL" : "umol/L", x = us ? x * 584.66 / 10000 : x;
         else if (s == "albumin") unit = us ? "g/dL" : "g/L", x = us ? x / 10 : x;
         else if (s == "hemoglobin") unit = us ? "g/dL" : "g/L", x = us ? x / 10 : x;
         else if (s == "platelets") unit = us ? "10*3/uL" : "10*9/L";
         else if (s == "absolute_neutrophils") unit = us ? "10*3/uL" : "10*9/L";
         else if (s == "creatinine") unit = us ? "mg/dL" : "umol/L", x = us ? x * 113.12 / 10000 : x;
         else if (s == "inr") unit = "1";
         else if (s == "afp") unit = "ng/mL";
         else unit = "U/L";
         ojson lab = {{"analyte", a}, {"value", round_sig(x, 3)}, {"unit", unit}, {"date", lab_date}};
         if (d.chance(0.7)) {
            const Analyte* an = catalogue.analyte(a);
            if (an && an->reference_range) {
               const double k = us ? (s == "total_bilirubin" ? 584.66 / 10000 : s == "creatinine" ? 113.12 / 10000 : (s == "albumin" || s == "hemoglobin") ? 0.1 : 1) : 1;
               lab["reference_range"] = {{"low", round_sig(an->reference_range->low * k, 3)}, {"high", round_sig(an->reference_range->high * k, 3)}};
            }
         }
         labs.push_back(lab);
      }
      p["labs"] = labs;
      ojson scores = ojson::object();
      if (!d.chance(0.05)) scores["ecog"] = d.pick<int>({{0.45, 0}, {0.38, 1}, {0.12, 2}, {0.05, 3}});
      if (d.chance(0.6)) scores["child_pugh"] = cp;
      scores["ascites"] = sev == 0 ? "none" : d.chance(0.5 * sev) ? (sev > 1 ? "moderate" : "mild") : "none";
      scores["hepatic_encephalopathy"] = sev > 1 && d.chance(0.4) ? "I" : "none";
      p["scores"] = scores;
      const int nodules = d.pick<int>({{0.5, 1}, {0.3, d.between(2, 3)}, {0.2, d.between(4, 8)}});
      p["tumour"] = {{"number", nodules}, {"size", {{"value", round_sig(clamp(d.lognormal(4, 0.6), 0.8, 22), 2)}, {"unit", "cm"}}}, {"date", screening.add_days(-d.between(5, 40)).str()}};
      ojson findings = ojson::object();
      findings["portal_vein_tumour_thrombus"] = d.chance(0.15);
      findings["extrahepatic_spread"] = d.chance(0.10);
      if (!male && age < 50) findings["pregnant"] = d.chance(0.01);
      p["findings"] = findings;
      ojson conditions = ojson::array({{{"concept", "hepatocellular_carcinoma"}, {"onset", screening.add_days(-d.between(20, 900)).str()}}});
      if (d.chance(0.60)) conditions.push_back({{"concept", "hepatitis_b"}, {"onset", screening.add_months(-12 * d.between(5, 30)).str()}});
      else if (d.chance(0.35)) conditions.push_back({{"concept", "hepatitis_c"}, {"onset", screening.add_months(-12 * d.between(5, 30)).str()}});
      if (d.chance(0.03)) conditions.push_back({{"concept", "colorectal_cancer"}, {"onset", screening.add_months(-12 * d.between(2, 10)).str()}, {"status", "remission"}});
      if (d.chance(0.04)) conditions.push_back({{"concept", "mental_illness"}, {"onset", screening.add_months(-12 * d.between(2, 20)).str()}});
      p["conditions"] = conditions;
      ojson meds = ojson::array();
      if (d.chance(0.10)) meds.push_back({{"concept", "sorafenib"}, {"start", screening.add_months(-d.between(4, 20)).str()}, {"end", screening.add_months(-d.between(1, 3)).str()}, {"status", "stopped"}});
      if (d.chance(0.08)) meds.push_back({{"concept", "lenvatinib"}, {"start", screening.add_months(-d.between(4, 20)).str()}, {"end", screening.add_months(-d.between(1, 3)).str()}, {"status", "stopped"}});
      if (d.chance(0.50)) meds.push_back({{"concept", "entecavir"}, {"start", screening.add_months(-12 * d.between(1, 10)).str()}});
      p["medications"] = meds;
      ojson procs = ojson::array();
      if (d.chance(0.35)) procs.push_back({{"concept", "tace"}, {"date", screening.add_days(-d.between(30, 700)).str()}, {"status", "completed"}});
      if (d.chance(0.30)) procs.push_back({{"concept", "hepatectomy"}, {"date", screening.add_days(-d.between(14, 900)).str()}, {"status", "completed"}});
      p["procedures"] = procs;
      if (procs.size() && procs.back()["concept"] == "hepatectomy") {
         // Pathology of the resected specimen.
         p["scores"]["mvi"] = d.pick<std::string>({{0.5, "M0"}, {0.3, "M1"}, {0.2, "M2"}});
         p["findings"]["clear_tumour_margin"] = d.chance(0.8);
         p["findings"]["complete_tumour_capsule"] = d.chance(0.6);
      }
      if (d.chance(0.9)) p["allergies"] = d.chance(0.03) ? ojson::array({{{"concept", "sorafenib"}, {"status", "active"}}}) : ojson::array();
      out << p.dump() << '\n';
   }
}

}  // namespace eligo
