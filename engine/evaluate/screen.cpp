#include "engine/evaluate/screen.hpp"

#include <algorithm>
#include <utility>

#include "engine/evaluate/near_miss.hpp"

namespace eligo {

const char* to_string(Verdict v)
{
   switch (v) {
      case Verdict::eligible: return "eligible";
      case Verdict::pending_questions: return "pending_questions";
      case Verdict::indeterminate: return "indeterminate";
      case Verdict::ineligible: return "ineligible";
      case Verdict::not_screenable: return "not_screenable";
   }
   return "indeterminate";
}

const char* in_words(Verdict v)
{
   switch (v) {
      case Verdict::pending_questions: return "pending questions";
      case Verdict::not_screenable: return "not screenable";
      default: return to_string(v);
   }
}

namespace {

CriterionResult run(const Criterion& c, const EvalContext& ctx)
{
   CriterionResult r{&c, evaluate(c.predicate, ctx), {}, CriterionKind::data, {}};
   if (ctx.explain)
      for (const auto& child : c.children) r.children.push_back(run(child, ctx));
   return r;
}

// What settles an open criterion (CriterionResult::open).
CriterionKind open_kind(const CriterionResult& r, const Catalogue& catalogue)
{
   const Criterion& c = *r.criterion;
   if (c.kind == CriterionKind::enrolment) return CriterionKind::enrolment;
   if (c.kind_set == "question") return CriterionKind::question;
   if (c.kind_set == "data") return CriterionKind::data;
   // A line left to manual review that names what a record holds (decide_kind): its fact is looked up in the chart.
   if (c.manual && c.kind == CriterionKind::data) return CriterionKind::data;
   const auto& m = r.outcome.missing;
   if (m.empty()) return c.kind;
   return std::all_of(m.begin(), m.end(), [&](const std::string& x) { return asks_clinician(x, catalogue); }) ? CriterionKind::question : CriterionKind::data;
}

}  // namespace

bool rules_out(const CriterionResult& r)
{
   return r.outcome.result != Tri::unknown && (r.outcome.result == Tri::not_met) == (r.criterion->section == Section::inclusion);
}

bool decides(const TrialResult& t, const CriterionResult& r)
{
   if (t.verdict == Verdict::ineligible) return rules_out(r);
   if (r.outcome.result != Tri::unknown) return false;
   if (t.verdict == Verdict::indeterminate) return r.open == CriterionKind::data;
   return t.verdict == Verdict::pending_questions && r.open == CriterionKind::question;
}

void rank(std::vector<TrialResult>& results)
{
   auto key = [](const TrialResult& r) -> std::pair<int, std::size_t> {
      switch (r.verdict) {
         case Verdict::eligible: return {0, 0};
         case Verdict::pending_questions: return {1, r.questions.size()};
         case Verdict::indeterminate: return {2, r.missing.size()};
         case Verdict::ineligible: return {3, 0};
         case Verdict::not_screenable: return {4, 0};
      }
      return {5, 0};
   };
   std::stable_sort(results.begin(), results.end(), [&](const TrialResult& a, const TrialResult& b) { return key(a) < key(b); });
}

TrialResult screen(const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool explain, bool near_misses)
{
   TrialResult out;
   out.trial = &trial;
   if (deceased_by(patient, date)) {
      out.verdict = Verdict::not_screenable;
      out.reason = deceased_text(patient);
      return out;
   }
   std::vector<const Concept*> own = trial.interventions;
   if (trial.condition) own.push_back(trial.condition);
   EvalContext ctx{patient, date, catalogue, own, trial.lab_window_days, trial.labs, explain};
   bool data_open = false;
   for (const auto& c : trial.criteria) {
      CriterionResult r = run(c, ctx);
      const std::size_t index = out.criteria.size();
      // A clinician's answer settles a question the record leaves open (engine/evaluate/answered.hpp).
      if (!patient.answers.empty()) {
         const Tri recorded = r.outcome.result;
         if (recorded == Tri::unknown) r.open = open_kind(r, catalogue);
         const bool answerable = c.kind == CriterionKind::question || (recorded == Tri::unknown && r.open == CriterionKind::question);
         apply_answer(c, trial, answerable, ctx, r.outcome, out.answer_notes, r.answer);
      }
      if (r.outcome.result == Tri::unknown) {
         // A result the answer contradicts is open with no item missing: a question again (open_kind of a question).
         r.open = open_kind(r, catalogue);
         if (r.open == CriterionKind::enrolment)
            out.at_enrolment.push_back(index);
         else {
            if (r.open == CriterionKind::question) out.questions.push_back(index);
            data_open = data_open || r.open == CriterionKind::data;
            // Data to collect: what the record could hold (a question set in the file collects none, it is asked whole; a
            // criterion set to data collects all it misses).
            if (c.manual && c.kind == CriterionKind::data && c.kind_set.empty()) {
               // What to look up is the line itself: no test of it could be read.
               if (std::find(out.missing.begin(), out.missing.end(), c.text) == out.missing.end()) out.missing.push_back(c.text);
            }
            else if (c.kind_set != "question")
               for (const auto& m : r.outcome.missing)
                  if ((c.kind_set == "data" || !asks_clinician(m, catalogue)) && std::find(out.missing.begin(), out.missing.end(), m) == out.missing.end())
                     out.missing.push_back(m);
         }
      }
      else if (rules_out(r))
         out.failing.push_back(index);
      out.criteria.push_back(std::move(r));
   }
   if (!patient.answers.empty()) {
      auto more = unmatched_answers(trial, patient);
      out.answer_notes.insert(out.answer_notes.end(), more.begin(), more.end());
   }
   out.verdict = !out.failing.empty()     ? Verdict::ineligible
                 : data_open              ? Verdict::indeterminate
                 : !out.questions.empty() ? Verdict::pending_questions
                                          : Verdict::eligible;
   if (out.verdict == Verdict::ineligible && near_misses) {
      EvalContext near = ctx;
      near.explain = false;
      near.gaps = true;
      out.near_miss = true;
      for (std::size_t i : out.failing) {
         const Criterion& c = *out.criteria[i].criterion;
         auto g = near_miss_gaps(c.predicate, c.section == Section::inclusion ? Tri::met : Tri::not_met, near);
         if (!g || g->empty()) {
            out.near_miss = false;
            out.near_miss_gaps.clear();
            break;
         }
         out.near_miss_gaps.insert(out.near_miss_gaps.end(), g->begin(), g->end());
      }
   }
   return out;
}

}  // namespace eligo
