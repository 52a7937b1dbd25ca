// A clinician's answer to a question criterion, applied at screening (docs/language.md, "Answers to questions"): the
// newest answer to the criterion on or before the screening date settles it when the record leaves it open, unless it
// is older than the trial's "answers valid" days (stale: the criterion is unknown again). An answer the screening could
// not use is never dropped silently: it becomes an AnswerNote with the reason.
#pragma once

#include <string>
#include <vector>

#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"
#include "engine/evaluate/evaluator.hpp"
#include "engine/patient/patient.hpp"

namespace eligo {

// What a question criterion asks a clinician for: whether its statement holds (boolean), or, when it is one test of
// one value (a lab or measure compared with a threshold, a score), that value: a quantity in `unit` or a number.
struct AskedValue {
   Answer::Type type = Answer::Type::boolean;
   const Predicate* test = nullptr;  // the test the value is put to
   std::string unit;                 // quantity: the UCUM code of the threshold's unit as written
};
AskedValue asked_value(const Criterion& c);

// An answer the screening of a trial did not use, and why.
struct AnswerNote {
   std::string criterion;  // the id answered
   std::string field;      // where the answer was read
   std::string reason;     // "no criterion of NCT04560751 has this id …"
};

// Whether `id` is of the form of trial `trial_id`'s criterion ids ("NCT04560751-1a2b3c4d", "…-2").
bool names_trial(const std::string& id, const std::string& trial_id);

// Applies the patient's newest answer to top-level criterion `c` (if any) to `outcome`, the result from the record.
// `answerable`: the criterion is a question (its kind, or it is open only on a clinician's judgement). An unknown
// outcome with a usable answer is settled by it ("answered by … on …"); a stale answer leaves it unknown and says so; a
// known outcome the answer contradicts becomes unknown (the conflict is stated). Throws InputError for an answer of the
// native format whose type is not the one the criterion asks for (the patient, the field, the id); a FHIR answer of the
// wrong type is noted instead. `said`: what the answer did, in one sentence ("answered by Dr A. Chen on 2026-10-30: yes,
// the criterion holds"; the answer is stale; the record disagrees), for reports; untouched when there is no answer.
void apply_answer(const Criterion& c, const Trial& trial, bool answerable, const EvalContext& ctx, Outcome& outcome, std::vector<AnswerNote>& notes,
                  std::string& said);

// The patient's answers that name trial `trial` but none of its top-level criteria: a nested item's id, or an id no
// criterion has (its wording changed).
std::vector<AnswerNote> unmatched_answers(const Trial& trial, const Patient& p);

}  // namespace eligo
