#include "engine/compile/satisfiability.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

#include "engine/core/text.hpp"

namespace eligo {

namespace {

// A leaf of the tree, asked to be met (positive) or not met.
struct Literal {
   const Predicate* atom = nullptr;
   bool positive = true;
};

// Literals that no patient decides that way all at once.
struct Conflict {
   std::vector<Literal> literals;
   std::string score;  // one score literal alone: the score whose every value it accepts, or none
};

// The search gives up on trees too large to explore (the reading is then taken as possible).
struct GiveUp {};

Comparator inverse(Comparator op)
{
   switch (op) {
      case Comparator::ge: return Comparator::lt;
      case Comparator::gt: return Comparator::le;
      case Comparator::le: return Comparator::gt;
      case Comparator::lt: return Comparator::ge;
      case Comparator::eq: return Comparator::ne;
      case Comparator::ne: return Comparator::eq;
   }
   return op;
}

std::string unit_words(const Predicate& p)
{
   if (p.analyte->id == "age") return " years";
   const std::string u = display_unit(p.unit.code);
   return u.empty() || p.unit.code == "1" ? "" : " " + u;
}

std::string duration_words(int amount, const std::string& unit)
{
   const char* word = unit == "d" ? "day" : unit == "wk" ? "week" : unit == "mo" ? "month" : "year";
   return std::to_string(amount) + " " + word + (amount == 1 ? "" : "s");
}

// A literal in words: "Age ≥ 75 years", "no systemic corticosteroid within 1 month".
std::string describe(const Literal& l)
{
   const Predicate& p = *l.atom;
   using K = Predicate::Kind;
   switch (p.kind) {
      case K::measure: {
         const std::string& name = p.analyte->display;
         switch (p.test) {
            case Predicate::Test::compare: return name + " " + syntax::symbol(l.positive ? p.op : inverse(p.op)) + " " + number_text(p.written) + unit_words(p);
            case Predicate::Test::range: {
               const std::string range =
                   number_text(p.written) + (p.low_open ? " (excluded)" : "") + "–" + number_text(p.written_high) + (p.high_open ? " (excluded)" : "");
               return name + (l.positive ? " " : " outside ") + range + unit_words(p);
            }
            case Predicate::Test::relative:
               return name + " " + syntax::symbol(l.positive ? p.op : inverse(p.op)) + " " + number_text(p.factor) + " × " + (p.upper ? "ULN" : "LLN");
            case Predicate::Test::within_normal: return name + (l.positive ? " within" : " outside") + " normal limits";
         }
         break;
      }
      case K::score: return (l.positive ? "" : "not ") + p.score->display + " " + p.accepted_text;
      case K::sex: return (l.positive ? "" : "not ") + p.sex;
      case K::fact: {
         // "not pregnant", "no sorafenib"
         std::string s = l.positive ? "" : p.concept_->kind == ConceptKind::finding && !p.allergy ? "not " : "no ";
         if (p.allergy) s += "allergy to ";
         s += (p.other ? "other " : "") + p.concept_->display;
         if (p.window) {
            if (*p.window == syntax::Window::Kind::within)
               s += " within " + duration_words(p.window_amount, p.window_unit);
            else
               s += std::string(" ") + syntax::symbol(p.window_op) + " " + duration_words(p.window_amount, p.window_unit) + " ago";
         }
         if (p.after) s += " after " + p.after->written;
         return s;
      }
      case K::lab_window: return (l.positive ? "" : "not ") + ("labs within " + std::to_string(p.lab_window_days) + " days");
      default: break;
   }
   return (l.positive ? "" : "not ") + p.text;
}

// ---- measures: intervals over one value ------------------------------------------------------
// The evaluator compares at equality with a tolerance (1e-9, or 5e-4 across a molar mass:
// engine/evaluate/threshold.cpp), so each threshold stands for a small zone of values that equal
// it. Thresholds far enough apart cut the line into regions (below the first, the first's zone,
// between the first and the second, …) on each of which every test is constant; the literals
// can all hold iff one region satisfies them all. Two thresholds closer than the tolerance can
// order, or equal ones that may carry different tolerances, are not reasoned about.

enum class Scale { absolute, uln, lln, normal };

Scale scale_of(const Predicate& p)
{
   if (p.test == Predicate::Test::relative) return p.upper ? Scale::uln : Scale::lln;
   if (p.test == Predicate::Test::within_normal) return Scale::normal;
   return Scale::absolute;
}

bool same_measure(const Predicate& a, const Predicate& b) { return a.analyte == b.analyte && scale_of(a) == scale_of(b); }

struct Point {
   double value = 0;
   bool molar = false;
};

// Whether the literals on one measure (same analyte, same scale) can all hold.
bool measures_consistent(const std::vector<Literal>& ls)
{
   if (ls.empty()) return true;
   const Predicate& first = *ls.front().atom;
   if (scale_of(first) == Scale::normal) {
      bool pos = false, neg = false;
      for (const auto& l : ls) (l.positive ? pos : neg) = true;
      return !(pos && neg);
   }
   const bool relative = scale_of(first) != Scale::absolute;
   // How close two thresholds may be for the tolerance to blur their order.
   const double blur = relative || first.analyte->id == "age" || !first.analyte->molar_mass ? 1e-8 : 2e-3;
   std::vector<Point> points;
   auto add = [&](double v, const Predicate& p) { points.push_back({v, !relative && p.molar}); };
   for (const auto& l : ls) {
      const Predicate& p = *l.atom;
      if (relative)
         add(p.factor, p);
      else {
         add(p.threshold, p);
         if (p.test == Predicate::Test::range) add(p.high, p);
      }
   }
   std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.value < b.value || (a.value == b.value && a.molar < b.molar); });
   points.erase(std::unique(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.value == b.value && a.molar == b.molar; }),
                points.end());
   for (std::size_t i = 1; i < points.size(); ++i) {
      const double a = points[i - 1].value, b = points[i].value;
      if (std::fabs(b - a) <= blur * std::max(std::fabs(a), std::fabs(b))) return true;  // too close to tell: taken as possible
   }
   auto index = [&](double v, bool molar) {
      for (std::size_t i = 0; i < points.size(); ++i)
         if (points[i].value == v && points[i].molar == molar) return static_cast<int>(i);
      return -1;
   };
   // Region r: even r = 2i is below point i (or above the last), odd r = 2i+1 is point i's zone.
   auto test = [](int r, Comparator op, int i) {
      const int at = 2 * i + 1;
      switch (op) {
         case Comparator::ge: return r >= at;
         case Comparator::gt: return r > at;
         case Comparator::le: return r <= at;
         case Comparator::lt: return r < at;
         case Comparator::eq: return r == at;
         case Comparator::ne: return r != at;
      }
      return false;
   };
   auto holds = [&](int r, const Literal& l) {
      const Predicate& p = *l.atom;
      const bool molar = !relative && p.molar;
      bool v = false;
      if (relative)
         v = test(r, p.op, index(p.factor, molar));
      else if (p.test == Predicate::Test::range)
         v = test(r, p.low_open ? Comparator::gt : Comparator::ge, index(p.threshold, molar)) &&
             test(r, p.high_open ? Comparator::lt : Comparator::le, index(p.high, molar));
      else
         v = test(r, p.op, index(p.threshold, molar));
      return v == l.positive;
   };
   const int regions = 2 * static_cast<int>(points.size()) + 1;
   for (int r = 0; r < regions; ++r)
      if (std::all_of(ls.begin(), ls.end(), [&](const Literal& l) { return holds(r, l); })) return true;
   return false;
}

// ---- scores: sets of ordinal values --------------------------------------------------------

bool scores_consistent(const std::vector<Literal>& ls)
{
   if (ls.empty()) return true;
   const Score& s = *ls.front().atom->score;
   if (s.max - s.min > 100000) return true;
   for (int v = s.min; v <= s.max; ++v) {
      bool all = true;
      for (const auto& l : ls) {
         const auto& acc = l.atom->accepted;
         const bool in = std::any_of(acc.begin(), acc.end(), [&](const std::pair<int, int>& r) { return r.first <= v && v <= r.second; });
         if (in != l.positive) {
            all = false;
            break;
         }
      }
      if (all) return true;
   }
   return false;
}

// ---- sex ---------------------------------------------------------------------------------------
// A sex criterion is decided only when the sex is recorded (female or male); a fact for one sex
// ("pregnant") is not met for a patient recorded as the other (engine/evaluate/fact.cpp).

bool sex_bound(const Literal& l)
{
   const Predicate& p = *l.atom;
   if (p.kind == Predicate::Kind::sex) return true;
   return p.kind == Predicate::Kind::fact && l.positive && !p.concept_->sex.empty();
}

// `neither`: also try a recorded sex that is neither female nor male, so that "female or male" alone is not a conflict.
bool sex_consistent(const std::vector<Literal>& ls, bool neither)
{
   for (const std::string value : {"female", "male", "", "neither"}) {
      if (value == "neither" && !neither) continue;
      bool all = true;
      for (const auto& l : ls) {
         const Predicate& p = *l.atom;
         const bool ok = p.kind == Predicate::Kind::sex ? !value.empty() && (value == p.sex) == l.positive : value.empty() || value == p.concept_->sex;
         if (!ok) {
            all = false;
            break;
         }
      }
      if (all) return true;
   }
   return false;
}

// ---- clinical facts ----------------------------------------------------------------------------

bool same_fact(const Predicate& a, const Predicate& b)
{
   if (a.concept_ != b.concept_ || a.other != b.other || a.allergy != b.allergy || a.window != b.window) return false;
   if (a.window && (a.window_op != b.window_op || a.window_amount != b.window_amount || a.window_unit != b.window_unit)) return false;
   if (a.after.has_value() != b.after.has_value()) return false;
   if (a.after && (a.after->event != b.after->event || a.after->op != b.after->op || a.after->amount != b.after->amount || a.after->unit != b.after->unit))
      return false;
   return true;
}

// The fewest and most days a window of `amount` `unit` spans (a calendar month is 28 to 31 days).
std::pair<long, long> days(int amount, const std::string& unit)
{
   if (unit == "d") return {amount, amount};
   if (unit == "wk") return {7L * amount, 7L * amount};
   if (unit == "mo") return {28L * amount, 31L * amount};
   return {365L * amount, 366L * amount};
}

class FactLogic {
public:
   explicit FactLogic(const Catalogue& cat) : cat_(cat) {}

   // Whether every patient who meets `a` meets `b` too (for records that agree with each
   // other). Only what the evaluator plainly guarantees: the same fact; a kind for its class
   // ("prednisone" for "corticosteroid"); a narrower window for a wider one; a fact within a
   // window for the same fact ever (not for a finding, whose "ever" is "now").
   bool implies(const Predicate& a, const Predicate& b) const
   {
      if (same_fact(a, b)) return true;
      if (a.other != b.other || a.allergy != b.allergy || a.after || b.after) return false;
      const bool since_a = a.window && *a.window == syntax::Window::Kind::since, since_b = b.window && *b.window == syntax::Window::Kind::since;
      if (since_a || since_b) return false;
      const Concept& ca = *a.concept_;
      const Concept& cb = *b.concept_;
      if (!cat_.is_a(ca, cb)) return false;
      if (!cb.sex.empty() && cb.sex != ca.sex) return false;
      // A finding the engine derives (TACE refractoriness) is computed, not read from records, when asked about now.
      if (computed(a) || computed(b)) return false;
      if (b.window) {
         if (!a.window) return false;
         return days(a.window_amount, a.window_unit).second <= days(b.window_amount, b.window_unit).first;
      }
      // b is about now for a finding, ever for the rest.
      const bool b_now = cb.kind == ConceptKind::finding && !b.allergy;
      if (!b_now) return true;
      return !a.window && (ca.kind == ConceptKind::finding || a.allergy);
   }

private:
   static bool computed(const Predicate& p) { return p.concept_->derived != DerivedFinding::none && !p.window && !p.allergy; }
   const Catalogue& cat_;
};

// ---- the search --------------------------------------------------------------------------------

class Search {
public:
   explicit Search(const Catalogue& cat) : facts_(cat) {}

   // Whether some patient can give `p` this value (met when positive, not met otherwise).
   // Conflicts met on the way are kept for the reason.
   bool possible(const Predicate& p, bool positive, bool neither_sex = false)
   {
      neither_sex_ = neither_sex;
      branch_.clear();
      conflicts_.clear();
      steps_ = 0;
      return solve({{&p, positive}});
   }

   const std::vector<Conflict>& conflicts() const { return conflicts_; }

private:
   struct Goal {
      const Predicate* p;
      bool positive;
   };

   bool solve(std::vector<Goal> goals)
   {
      if (++steps_ > 20000) throw GiveUp{};
      while (!goals.empty()) {
         const Goal g = goals.back();
         goals.pop_back();
         const Predicate& p = *g.p;
         using K = Predicate::Kind;
         const bool structure = p.kind == K::all || p.kind == K::any || p.kind == K::negate;
         if (!structure) {
            branch_.push_back({&p, g.positive});
            bool ok = true;
            if (std::optional<Conflict> c = conflict()) {
               remember(std::move(*c));
               ok = false;
            }
            else
               ok = solve(std::move(goals));
            branch_.pop_back();
            return ok;
         }
         // not(a, b, …) reads as not(all of them).
         const bool conjunction = p.kind == K::negate ? !g.positive : (p.kind == K::all) == g.positive;
         const bool child_positive = p.kind == K::negate ? !g.positive : g.positive;
         if (conjunction) {
            // Last in, first out: the first child is looked at first, so the reason names the literals in the text's order.
            for (auto c = p.children.rbegin(); c != p.children.rend(); ++c) goals.push_back({&*c, child_positive});
            continue;
         }
         for (const auto& c : p.children) {
            std::vector<Goal> alt = goals;
            alt.push_back({&c, child_positive});
            if (solve(std::move(alt))) return true;
         }
         return false;
      }
      return true;
   }

   void remember(Conflict c)
   {
      if (conflicts_.size() < 16) conflicts_.push_back(std::move(c));
   }

   // A conflict the newest literal of the branch makes with the others, if any: the fewest literals that still conflict.
   std::optional<Conflict> conflict() const
   {
      const Literal& last = branch_.back();
      const Predicate& p = *last.atom;
      using K = Predicate::Kind;
      std::vector<Literal> group;
      std::function<bool(const std::vector<Literal>&)> consistent;
      if (p.kind == K::measure) {
         for (const auto& l : branch_)
            if (l.atom->kind == K::measure && same_measure(*l.atom, p)) group.push_back(l);
         consistent = measures_consistent;
      }
      else if (p.kind == K::score) {
         for (const auto& l : branch_)
            if (l.atom->kind == K::score && l.atom->score == p.score) group.push_back(l);
         consistent = scores_consistent;
      }
      else if (p.kind == K::fact) {
         for (const auto& l : branch_) {
            if (l.atom->kind != K::fact || &l == &last || l.positive == last.positive) continue;
            const Literal& met = last.positive ? last : l;
            const Literal& unmet = last.positive ? l : last;
            if (facts_.implies(*met.atom, *unmet.atom)) return Conflict{{l, last}, ""};
         }
      }
      else if (p.kind == K::lab_window || p.kind == K::manual) {
         for (const auto& l : branch_)
            if (&l != &last && l.atom->kind == p.kind && l.positive != last.positive &&
                (p.kind == K::manual ? l.atom == &p : l.atom->lab_window_days == p.lab_window_days))
               return Conflict{{l, last}, ""};
      }
      if (sex_bound(last)) {
         std::vector<Literal> sexes;
         for (const auto& l : branch_)
            if (sex_bound(l)) sexes.push_back(l);
         const auto sex_ok = [this](const std::vector<Literal>& ls) { return sex_consistent(ls, neither_sex_); };
         if (!sex_ok(sexes)) return Conflict{minimal(sexes, sex_ok), ""};
      }
      if (!consistent || consistent(group)) return std::nullopt;
      Conflict c{minimal(group, consistent), ""};
      if (c.literals.size() == 1 && p.kind == K::score) c.score = p.score->display;
      return c;
   }

   // Drops literals one at a time while the rest still conflict.
   static std::vector<Literal> minimal(std::vector<Literal> ls, const std::function<bool(const std::vector<Literal>&)>& consistent)
   {
      for (std::size_t i = 0; i < ls.size();) {
         std::vector<Literal> rest = ls;
         rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
         if (!rest.empty() && !consistent(rest))
            ls = std::move(rest);
         else
            ++i;
      }
      return ls;
   }

   FactLogic facts_;
   std::vector<Literal> branch_;
   std::vector<Conflict> conflicts_;
   int steps_ = 0;
   bool neither_sex_ = false;
};

std::string quoted_list(const std::vector<std::string>& items, const char* last_word)
{
   std::string s;
   for (std::size_t i = 0; i < items.size(); ++i) s += (i == 0 ? "" : i + 1 == items.size() ? std::string(" ") + last_word + " " : ", ") + "'" + items[i] + "'";
   return s;
}

// never met: the conflicts of the branches of the criterion; never fails: those of its negation,
// shown in the criterion's own polarity.
std::string explain(const std::vector<Conflict>& conflicts, bool never_met)
{
   std::vector<std::string> parts;
   for (const auto& c : conflicts) {
      std::vector<std::string> items;
      for (Literal l : c.literals) {
         if (!never_met) l.positive = !l.positive;
         items.push_back(describe(l));
      }
      std::string part;
      if (items.size() == 1)
         part = never_met ? "no " + (c.score.empty() ? std::string("value") : c.score + " value") + " meets " + quoted_list(items, "and")
                          : quoted_list(items, "and") + (c.score.empty() ? " always holds" : " covers every " + c.score + " value");
      else if (never_met)
         part = quoted_list(items, "and") + (items.size() == 2 ? " cannot both hold" : " cannot all hold");
      else
         part = "one of " + quoted_list(items, "or") + " always holds";
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
   }
   std::string s;
   const std::size_t shown = std::min<std::size_t>(parts.size(), 3);
   for (std::size_t i = 0; i < shown; ++i) s += (i ? "; " : "") + parts[i];
   if (parts.size() > shown) s += "; …";
   return s;
}

}  // namespace

std::optional<ImpossibleReading> impossible_reading(const Predicate& p, const Catalogue& catalogue, bool exclusion)
{
   Search search(catalogue);
   try {
      if (!search.possible(p, true) && !search.conflicts().empty())
         return ImpossibleReading{ImpossibleReading::Kind::never_met, "no patient can meet this criterion: " + explain(search.conflicts(), true)};
      // "Male or female" is how registries say either sex, and the language reads it so on purpose
      // (docs/language.md, "Age and sex"): a reading that fails no one only because the two sexes
      // cover everyone is kept. So this search also allows a sex that is neither.
      if (!search.possible(p, false, true) && !search.conflicts().empty())
         return ImpossibleReading{ImpossibleReading::Kind::never_fails, "no patient can fail this criterion: " + explain(search.conflicts(), false)};
      // Among the exclusions, "male or female" excludes every patient.
      if (exclusion && !search.possible(p, false, false) && !search.conflicts().empty())
         return ImpossibleReading{ImpossibleReading::Kind::never_fails,
                                  "as an exclusion this criterion excludes every patient: " + explain(search.conflicts(), false)};
   }
   catch (const GiveUp&) {
   }
   return std::nullopt;
}

}  // namespace eligo
