// Evaluation: the dispatch by predicate kind, and the Kleene logic of and, or and not.
// Each kind of leaf is evaluated in its own file (evaluator_internal.hpp lists them).
#include "engine/evaluate/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/evaluate/evaluator_internal.hpp"

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

namespace {

void add_missing(std::vector<std::string>& into, const std::vector<std::string>& from)
{
   for (const auto& m : from)
      if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
}

}  // namespace

Outcome Evaluator::eval(const Predicate& p) const
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

// Kleene: and is not_met if any child is, met if all are; or the dual.
Outcome Evaluator::combine(const Predicate& p) const
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

}  // namespace evaluation

Outcome evaluate(const Predicate& p, const EvalContext& ctx) { return evaluation::Evaluator(ctx).eval(p); }

}  // namespace eligo
