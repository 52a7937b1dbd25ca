// A derived finding (derived_finding.hpp): computed from the record where it holds the inputs,
// and weighed against a recorded yes/no. The computation decides when it can; a recorded finding
// that the record contradicts is unknown, with both stated.
#include "engine/evaluate/derived_finding.hpp"

#include <algorithm>

#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

std::string join_list(const std::vector<std::string>& items, const char* last)
{
   std::string out;
   for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " " + std::string(last) + " " : ", ") + items[i];
   return out;
}

FindingEvidence finding_evidence(const EvalContext& ctx, const Concept& c)
{
   FindingEvidence e;
   const Catalogue& cat = ctx.catalogue;
   for (const auto* list : {&ctx.patient.conditions, &ctx.patient.medications, &ctx.patient.procedures})
      if (list->has_value())
         for (const auto& r : **list) {
            if (!r.concept_ || !cat.is_a(*r.concept_, c)) continue;
            if (r.status == RecordStatus::refuted || r.status == RecordStatus::entered_in_error || r.status == RecordStatus::unconfirmed) continue;
            if (r.start && *r.start > ctx.date) continue;
            if (r.start)
               e.dated.emplace_back(*r.start, r.field);
            else
               e.undated.push_back(r.field);
         }
   // FHIR: dated findings; the newest of the concept itself may say absent.
   const FindingRecord* newest = nullptr;
   for (const auto& f : ctx.patient.finding_history) {
      if (f.date > ctx.date || !cat.is_a(*f.concept_, c)) continue;
      if (f.present) e.dated.emplace_back(f.date, f.field);
      if (f.concept_ == &c && (!newest || f.date > newest->date)) newest = &f;
   }
   if (newest && !newest->present) e.absent = newest->field + " on " + newest->date.str();
   for (const auto& [id, present] : ctx.patient.findings) {
      const Concept* f = cat.concept_(id);
      if (!f || !cat.is_a(*f, c)) continue;
      if (present)
         e.undated.push_back("findings." + id);
      else if (f == &c)
         e.absent = "findings." + id;
   }
   std::sort(e.dated.begin(), e.dated.end());
   return e;
}

namespace {

// A recorded yes/no of the finding, as a plain fact: present (met), absent (not met) or none.
struct Flag {
   Tri said = Tri::unknown;
   std::string why;
};

}  // namespace

Outcome Evaluator::derived_finding(const Predicate& p) const
{
   const Concept& c = *p.concept_;
   const Computed k = c.derived == DerivedFinding::jsh_lcsgj ? jsh_lcsgj(ctx_, c) : bclc_systemic_failure(ctx_, c);
   // The recorded flags: the concept's own, then the others its definition reads as the same yes/no.
   Flag own, other;
   {
      const Outcome o = recorded_fact(p);
      own = {o.result, o.why};
   }
   for (const Concept* f : c.definition.flags) {
      Predicate q = p;
      q.concept_ = f;
      const Outcome o = recorded_fact(q);
      if (o.result != Tri::unknown) {
         other = {o.result, o.why};
         break;
      }
   }
   const Flag& flag = own.said != Tri::unknown ? own : other;
   const bool own_flag = own.said != Tri::unknown;
   const std::string name = c.display;
   // What the record shows, then the definition it was read by.
   const std::string shown = k.how + " (definition used: " + k.definition + ")";
   const std::string settle = name + " (the record and the recorded finding disagree)";
   Outcome o;
   if (k.result == Tri::met) {
      if (flag.said == Tri::not_met) return Outcome{Tri::unknown, flag.why + ", but the record shows it: " + shown, {settle}};
      o = Outcome{Tri::met, name + ": " + shown, {}};
   }
   else if (k.result == Tri::not_met) {
      // A flag set with no such therapy at all, or the concept's own flag against the computation.
      if (flag.said == Tri::met && (k.none_at_all || own_flag))
         return Outcome{Tri::unknown, flag.why + ", but the record does not support it: " + shown, {settle}};
      o = Outcome{Tri::not_met, name + ": " + shown, {}};
      if (flag.said == Tri::met) o.why += "; " + flag.why + ", which does not say the therapy was one " + c.definition.name + " recommends";
   }
   else if (flag.said == Tri::met && !k.flag_can_stand)
      return Outcome{Tri::unknown, flag.why + ", but the record does not support it: " + shown, k.missing};
   else if (flag.said != Tri::unknown)
      o = Outcome{flag.said, flag.why + "; the record cannot decide it: " + shown, {}};
   else
      o = Outcome{Tri::unknown, name + ": " + shown, k.missing};
   if (o.result == Tri::unknown && o.missing.empty()) o.missing.push_back(name);
   return o;
}

}  // namespace eligo::evaluation
