// Screening: a compiled trial against a patient on a date, criterion by
// criterion, and the trial's verdict.
#pragma once

#include <string>
#include <vector>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/answered.hpp"
#include "engine/evaluate/evaluator.hpp"

namespace eligo {

// What to do about a trial (docs/cli.md, "Verdicts"), in the order eligo screen ranks them:
// eligible: every criterion is satisfied (criteria for enrolment aside);
// pending_questions: nothing fails and no data is missing, only questions for a clinician are open;
// indeterminate: nothing fails, and data the record could hold is missing;
// ineligible: a criterion fails;
// not_screenable: the patient cannot be screened at all (deceased on or before the screening date); no criterion is
// evaluated, and TrialResult::reason says why.
enum class Verdict { eligible, pending_questions, indeterminate, ineligible, not_screenable };
inline constexpr int verdict_count = 5;
const char* to_string(Verdict v);  // "eligible", "pending_questions", "indeterminate", "ineligible", "not_screenable"
const char* in_words(Verdict v);   // "eligible", "pending questions", ...: the form text reports use

struct CriterionResult {
   const Criterion* criterion = nullptr;
   Outcome outcome;
   std::vector<CriterionResult> children;
   // An unknown criterion (top level): what settles it. Enrolment for a criterion of that kind; question when its
   // kind is set to question in the file, or when every item it misses asks a clinician (asks_clinician); data when it
   // misses an item the record could hold (a question's data items are collected too), and when it names nothing.
   CriterionKind open = CriterionKind::data;
   // A clinician's answer to the criterion (top level), what it did: "answered by Dr A. Chen on 2026-10-30: yes, the
   // criterion holds", or why it was not used (stale, the record disagrees). Empty when there is none.
   std::string answer;
};

struct TrialResult {
   const Trial* trial = nullptr;
   Verdict verdict = Verdict::indeterminate;
   std::vector<std::string> missing;  // data to collect: the items of the open criteria that the record could hold
   std::vector<CriterionResult> criteria;
   // Indexes into criteria, in file order: the criteria that make it ineligible, the open questions, and the
   // criteria left to enrolment.
   std::vector<std::size_t> failing, questions, at_enrolment;
   // An ineligible trial whose every failing criterion misses only by lab values within near_miss_fraction of their
   // thresholds (engine/evaluate/near_miss.hpp), and by how much: "PLT 68 ×10^9/L, needs ≥ 75".
   bool near_miss = false;
   std::vector<std::string> near_miss_gaps;
   std::string reason;  // not_screenable: why ("deceased on 1993-03-22")
   // The patient's answers to this trial's criteria that were not used, and why (engine/evaluate/answered.hpp).
   std::vector<AnswerNote> answer_notes;
};

// The result makes the patient ineligible: an inclusion not met, or an exclusion met.
bool rules_out(const CriterionResult& r);
// The criterion is one that settles the trial's verdict: one that rules the patient out of an
// ineligible trial, an unknown one of an indeterminate trial, or an open question of a trial pending questions.
bool decides(const TrialResult& t, const CriterionResult& r);

// Ineligible when an inclusion is not met or an exclusion is; else indeterminate when an open criterion misses data,
// pending questions when only questions are open, and eligible otherwise (open criteria for enrolment are listed, and
// never hold a verdict back). A patient deceased on or before `date` is not screenable, whatever the criteria.
// explain = false skips the "why" sentences and the nested criteria's own results (eligo batch); near_misses = false
// skips the near-miss test of an ineligible trial.
TrialResult screen(const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool explain = true, bool near_misses = true);

// eligo screen's order: eligible, pending questions by fewest questions, indeterminate by fewest data items, ineligible,
// not screenable; file order within ties (a stable sort).
void rank(std::vector<TrialResult>& results);

}  // namespace eligo
