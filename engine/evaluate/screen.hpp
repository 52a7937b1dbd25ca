// Screening: a compiled trial against a patient on a date, criterion by
// criterion, and the trial's verdict.
#pragma once

#include <string>
#include <vector>

#include "engine/compile/trial.hpp"
#include "engine/evaluate/evaluator.hpp"

namespace eligo {

// not_screenable: the patient cannot be screened at all (deceased on or before the screening date);
// no criterion is evaluated, and TrialResult::reason says why.
enum class Verdict { eligible, ineligible, indeterminate, not_screenable };
inline constexpr int verdict_count = 4;
const char* to_string(Verdict v);  // "eligible", "ineligible", "indeterminate", "not_screenable"

struct CriterionResult {
   const Criterion* criterion = nullptr;
   Outcome outcome;
   std::vector<CriterionResult> children;
};

struct TrialResult {
   const Trial* trial = nullptr;
   Verdict verdict = Verdict::indeterminate;
   std::vector<std::string> missing;
   std::vector<CriterionResult> criteria;
   std::string reason;  // not_screenable: why ("deceased on 1993-03-22")
};

// The result makes the patient ineligible: an inclusion not met, or an exclusion met.
bool rules_out(const CriterionResult& r);
// The criterion is one that settles the trial's verdict: one that rules the patient out of an
// ineligible trial, or an unknown one of an indeterminate trial.
bool decides(const TrialResult& t, const CriterionResult& r);

// Eligible when every inclusion is met and no exclusion is; ineligible when an
// inclusion is not met or an exclusion is; otherwise indeterminate. A patient deceased on or
// before `date` is not screenable, whatever the criteria.
// explain = false skips the "why" sentences and the nested criteria's own results (eligo batch).
TrialResult screen(const Trial& trial, const Patient& patient, const Date& date, const Catalogue& catalogue, bool explain = true);

}  // namespace eligo
