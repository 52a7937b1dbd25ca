// Evaluation: the dispatch by predicate kind, and the Kleene logic of and, or and not.
// Each kind of leaf is evaluated in its own file (evaluator_internal.hpp lists them); how a
// combination and a negation read is combination_why.cpp.
#include "engine/evaluate/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo {

// "whether … is clinically significant" asks a clinician; "whether … is one requiring systemic therapy" (a qualifier after the
// fact, named after "one") asks what the chart shows, the treatment given: data (review helper-162).
bool asks_clinician(std::string_view item, const Catalogue& catalogue)
{
   if (item.rfind("manual review: ", 0) == 0 || item.rfind("investigator's judgement: ", 0) == 0) return true;
   if (item.rfind("whether ", 0) != 0) return false;
   const std::size_t is = item.rfind(" is ");
   if (is == std::string_view::npos) return false;
   const std::string_view tail = item.substr(is + 4);
   return !tail.empty() && catalogue.qualifier(tail) != nullptr;
}

const char* to_string(Tri t)
{
   switch (t) {
      case Tri::met: return "met";
      case Tri::not_met: return "not_met";
      case Tri::unknown: return "unknown";
   }
   return "unknown";
}

const char* in_words(Tri t) { return t == Tri::not_met ? "not met" : to_string(t); }

const char* to_string(Group g) { return g == Group::all_of ? "all" : "any"; }

void CombinationDeleter::operator()(Combination* c) const { delete c; }

namespace evaluation {

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

std::string with_unit(double v, const std::string& code)
{
   const std::string u = display_unit(code);
   return u.empty() ? fmt(v) : fmt(v) + " " + u;
}

void add_missing(std::vector<std::string>& into, const std::string& item)
{
   if (!item.empty() && std::find(into.begin(), into.end(), item) == into.end()) into.push_back(item);
}

void add_missing(std::vector<std::string>& into, const std::vector<std::string>& items)
{
   for (const auto& m : items) add_missing(into, m);
}

Date shifted(const Date& d, int amount, const std::string& unit)
{
   if (unit == "d") return d.add_days(amount);
   if (unit == "wk") return d.add_days(7L * amount);
   if (unit == "mo") return d.add_months(amount);
   return d.add_months(12 * amount);
}

std::string duration_text(int amount, const std::string& unit)
{
   const std::string noun = unit == "d" ? "day" : unit == "wk" ? "week" : unit == "mo" ? "month" : "year";
   return std::to_string(amount) + " " + noun + (amount == 1 ? "" : "s");
}

namespace {

// One test written once over several subjects ("AST, ALT ≤ 5 × ULN"): the binder gives each
// subject's test the text of the whole.
bool subject_list(const Predicate& p)
{
   return std::all_of(p.children.begin(), p.children.end(), [&](const Predicate& c) { return c.text == p.text; });
}

}  // namespace

// A "not" is pushed down to the tests it negates (De Morgan, which Kleene logic keeps), so a
// negated combination reads as its parts: "none of A, B" is "no A; no B".
Outcome Evaluator::eval(const Predicate& p, bool negated) const
{
   using K = Predicate::Kind;
   if (negated && p.kind != K::all && p.kind != K::any && p.kind != K::negate) return negate(p, eval(p, false));
   switch (p.kind) {
      case K::all:
      case K::any: return combine(p, negated);
      case K::negate: return eval(p.children.at(0), !negated);
      case K::measure: return measure(p);
      case K::score: return score(p);
      case K::sex: return sex(p);
      case K::fact: return fact(p);
      case K::qualifier: return qualifier(p);
      case K::manual: return Outcome{Tri::unknown, "manual review: " + p.reason, {(p.chart ? "from the chart: " : "manual review: ") + p.text}};
      case K::lab_window: return lab_window(p);
   }
   return {};
}

// A negated test: the result flipped (unknown stays unknown), and the why says what is asked.
Outcome Evaluator::negate(const Predicate& p, Outcome o) const
{
   o.result = o.result == Tri::met ? Tri::not_met : o.result == Tri::not_met ? Tri::met : Tri::unknown;
   if (ctx_.explain) o.why = negated_why(p, o);
   return o;
}

// Kleene: and is not_met if any child is, met if all are; or the dual. Negated, each is its dual
// over the negated children.
Outcome Evaluator::combine(const Predicate& p, bool negated) const
{
   if (p.children.size() == 1) {
      Outcome only = eval(p.children.front(), negated);
      if (only.result != Tri::unknown) only.missing.clear();
      return only;
   }
   const bool is_and = (p.kind == Predicate::Kind::all) != negated;
   const Group group = is_and ? Group::all_of : Group::any_of;
   Outcome o;
   if (ctx_.explain) o.combination.reset(new Combination{group, {}});
   bool any_unknown = false, decided = false;
   for (const auto& c : p.children) {
      Outcome co = eval(c, negated);
      if (co.result == Tri::unknown) {
         any_unknown = true;
         add_missing(o.missing, co.missing);
      }
      if (co.result == (is_and ? Tri::not_met : Tri::met)) decided = true;
      if (!o.combination) continue;
      // One test over a list of subjects inside a list of the same kind ("bilirubin ≤ 3 mg/dL,
      // AST, ALT ≤ 5 × ULN") reads as one list: its parts join the outer ones. A group the
      // criterion writes (brackets, nested bullets) stays a group.
      std::vector<Outcome>& parts = o.combination->parts;
      if (co.combination && co.combination->group == group && subject_list(c))
         std::move(co.combination->parts.begin(), co.combination->parts.end(), std::back_inserter(parts));
      else
         parts.push_back(std::move(co));
   }
   o.result = decided ? (is_and ? Tri::not_met : Tri::met) : any_unknown ? Tri::unknown : (is_and ? Tri::met : Tri::not_met);
   if (o.result != Tri::unknown) o.missing.clear();
   if (o.combination) o.why = combined_why(o);
   return o;
}

}  // namespace evaluation

Outcome evaluate(const Predicate& p, const EvalContext& ctx) { return evaluation::Evaluator(ctx).eval(p); }

}  // namespace eligo
