#include "engine/evaluate/near_miss.hpp"

#include <algorithm>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo {

namespace {

// The comparison that passes when `op` fails: an exclusion's "PLT < 75" is passed by PLT ≥ 75.
std::optional<Comparator> opposite(Comparator op)
{
   switch (op) {
      case Comparator::ge: return Comparator::lt;
      case Comparator::gt: return Comparator::le;
      case Comparator::le: return Comparator::gt;
      case Comparator::lt: return Comparator::ge;
      default: return std::nullopt;  // = and ≠: no side to approach from
   }
}

struct Gaps {
   std::vector<std::string> lines;
   double farthest = 0;
};

std::optional<Gaps> gaps(const Predicate& p, Tri want, const EvalContext& ctx)
{
   const Outcome o = evaluate(p, ctx);
   if (o.result == want || o.result == Tri::unknown) return Gaps{};
   const Tri other = want == Tri::met ? Tri::not_met : Tri::met;
   switch (p.kind) {
      case Predicate::Kind::negate: return gaps(p.children.at(0), other, ctx);
      case Predicate::Kind::all:
      case Predicate::Kind::any: {
         // All of the parts must reach `want` (all met, or any not met), or one of them is enough.
         const bool every = (p.kind == Predicate::Kind::all) == (want == Tri::met);
         std::optional<Gaps> best;
         Gaps sum;
         for (const auto& c : p.children) {
            std::optional<Gaps> g = gaps(c, want, ctx);
            if (every) {
               if (!g) return std::nullopt;
               sum.lines.insert(sum.lines.end(), g->lines.begin(), g->lines.end());
               sum.farthest = std::max(sum.farthest, g->farthest);
            }
            else if (g && !g->lines.empty() && (!best || g->farthest < best->farthest))
               best = std::move(g);
         }
         if (every) return sum;
         return best;
      }
      case Predicate::Kind::measure: {
         if (!o.gap || o.gap->distance > near_miss_fraction * (1 + 1e-9)) return std::nullopt;
         const LabGap& g = *o.gap;
         const std::optional<Comparator> op = want == Tri::met ? std::optional<Comparator>(g.op) : opposite(g.op);
         if (!op) return std::nullopt;
         const bool relative = g.unit.rfind("× ", 0) == 0;
         const std::string value = relative ? evaluation::fmt(g.value) + " " + g.unit : evaluation::with_unit(g.value, g.unit);
         return Gaps{{g.analyte + " " + value + ", needs " + syntax::symbol(*op) + " " + evaluation::fmt(g.threshold) + (relative ? " " + g.unit : "")},
                     g.distance};
      }
      default: return std::nullopt;
   }
}

}  // namespace

std::optional<std::vector<std::string>> near_miss_gaps(const Predicate& p, Tri want, const EvalContext& ctx)
{
   std::optional<Gaps> g = gaps(p, want, ctx);
   if (!g) return std::nullopt;
   return std::move(g->lines);
}

}  // namespace eligo
