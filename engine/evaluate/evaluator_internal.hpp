// The evaluator's parts, shared by the files of engine/evaluate/ that implement them, one per
// kind of predicate. evaluator.hpp is the interface; this header is not for use outside
// engine/evaluate/.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/quantity.hpp"
#include "engine/evaluate/derivation.hpp"
#include "engine/evaluate/evaluator.hpp"

namespace eligo::evaluation {

// evaluator.cpp: the numbers in "why" sentences.
// Numbers as a clinician writes them: 62,000 rather than 6.2e+04; 0.8302; 1.08.
std::string fmt(double v);
std::string with_unit(double v, const std::string& code);
// Adds a missing item (or each of several) unless it is already listed; an empty one is not added.
void add_missing(std::vector<std::string>& into, const std::string& item);
void add_missing(std::vector<std::string>& into, const std::vector<std::string>& items);
// A date moved by a duration of the criteria language ("d", "wk", "mo", "a"), and the duration in
// words ("1 month", "4 weeks"): the windows of fact.cpp and the event times of relative_time.cpp.
Date shifted(const Date& d, int amount, const std::string& unit);
std::string duration_text(int amount, const std::string& unit);

// combination_why.cpp: how a combination and a negation read.
// The why of a combination (an outcome with its parts): one level as "A; B" (all) or "A; or B"
// (any); a nested one as an outline, "all of: (1) A; (2) any of, met: (a) B; (b) C".
std::string combined_why(const Outcome& combination);
// The why of a negated test p, from its outcome with the result already negated: the test's
// own words, then what the criterion asks ("…, as required", "…, where absence is required").
std::string negated_why(const Predicate& p, const Outcome& negation);

// threshold.cpp: comparisons at a threshold.
// Relative tolerance for equality at a threshold (docs/language.md, "Exact boundaries").
double tolerance(bool molar);
bool holds(double x, Comparator op, double t, double tol);
// A value known only as a bound ("<0.5") decides a threshold only when every
// value it allows gives the same answer.
Tri compare_bounded(const LabResult& lab, double value, Comparator op, double t, double tol);
// The test compares across the molar mass: the threshold was converted through it, or the
// result is in a unit of another dimension (mg/dL against µmol/L).
bool crosses_molar_mass(const Predicate& p, const LabResult& lab);
// "Total bilirubin 0.9 mg/dL (2026-10-30)": the result as the patient's file gives it, and its date.
std::string observed(const Analyte& a, const LabResult& lab);
// A result known only as a bound that leaves the test undecided: say so, and ask for the exact value.
void undecided_by_bound(Outcome& o, const LabResult& lab, const std::string& name);

// age_sex.cpp: an age test on the interval of ages a (partial) birth date allows; decided only when both ends agree.
Tri age_in(const Predicate& p, const Date& earliest_birth, const Date& latest_birth, const Date& on);
// score.cpp: whether every ordinal in [lo, hi] is one the score criterion accepts (met), none is (not met), or some are.
Tri in_accepted(const Predicate& p, int lo, int hi);

// threshold.cpp: how recent a value must be (Evaluator::freshness).
struct Freshness {
   Date from;               // the earliest date the value may carry
   std::string window;      // "the criterion's 7 days", "the trial's 14-day lab window"
   std::string within;      // "7 days": what the missing data asks for
   bool criterion = false;  // the criterion's own assessment window, not the trial's lab window
};

// score.cpp: a score derived under a criterion's assessment window reads only the inputs dated
// within it; the ones it leaves out are listed for the why.
struct InputWindow {
   const Predicate* criterion = nullptr;  // the score criterion with the window
   Date from;
   std::vector<std::string> left_out;  // "Total bilirubin (2026-01-10)"
   std::vector<std::string> names;     // their names ("Total bilirubin"), in the order left out
   std::vector<std::string> wanted;    // and what would settle them ("Total bilirubin (result within 7 days)")
};

// relative_time.cpp: "X after resection", "postoperative X", "X within 4 weeks of surgery".
// fact.cpp hands over the records of X that count by its own matching.
struct FactRecords {
   std::string name;                    // X as the why names it: "other targeted therapy"
   std::string list_name;               // X's list: "medications"
   bool complete = false;               // X's list is given and whole, and X is not a finding (findings are never closed-world)
   std::string open_why;                // when not complete: why ("no medications list given", "not recorded")
   std::string open_missing;            // and what would settle it ("medications history (for sorafenib)")
   bool point_event = false;            // X is a procedure: it applies on its date only
   std::vector<const Record*> counted;  // X's records that count, unconfirmed ones too
   struct Doubtful {
      const Record* record = nullptr;
      std::string why;      // why it cannot be told whether it is X
      std::string missing;  // what would tell it
   };
   std::vector<Doubtful> doubtful;  // records that may be X (an indication not recorded, a broader record)
};
Outcome after_event(const EvalContext& ctx, const Predicate& p, const FactRecords& x);

class Evaluator {
public:
   explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

   // negated: the predicate is under an odd number of "not"s, which are pushed down to its tests.
   Outcome eval(const Predicate& p, bool negated = false) const;

private:
   // evaluator.cpp: a negated test, and and/or (Kleene).
   Outcome negate(const Predicate& p, Outcome o) const;
   Outcome combine(const Predicate& p, bool negated) const;

   // threshold.cpp: lab results, their staleness, and absolute thresholds and ranges.
   // The newest result on or before the screening date; null when there is none, or when a newer one could not be used
   // (`unusable`, when given, says which): the older one is then not the latest.
   const LabResult* latest(const Analyte& a, const Skipped** unusable = nullptr) const;
   bool stale(const LabResult& l, std::optional<int> window_days) const;
   std::optional<Freshness> freshness(const Analyte* a, const Predicate& p) const;
   std::string assessed_note(const Predicate& p) const;
   Outcome measure(const Predicate& p) const;
   Outcome compare(const Predicate& p, const LabResult& lab) const;
   Outcome in_range(const Predicate& p, const LabResult& lab) const;
   Outcome lab_window(const Predicate& p) const;

   // times_uln.cpp: thresholds relative to the reference range.
   Outcome times_uln(const Predicate& p, const LabResult& lab) const;
   Outcome within_normal(const Predicate& p, const LabResult& lab) const;

   // score.cpp: ordinal scores, recorded or derived.
   template <class Q>
   std::optional<Q> typed_lab(const char* analyte_id, InputWindow* w) const;
   const ScoreValue* given_score(const std::string& id, std::string* conflict = nullptr, const Skipped** unusable = nullptr) const;
   const ScoreValue* input_score(const std::string& id, InputWindow* w) const;
   std::optional<bool> input_finding(const char* concept_id, InputWindow* w) const;
   std::optional<Derivation> derive(const Score& s, InputWindow* w = nullptr) const;
   Outcome score(const Predicate& p) const;

   // age_sex.cpp
   std::optional<std::pair<q::Duration, q::Duration>> age() const;
   Outcome age_test(const Predicate& p) const;
   Outcome sex(const Predicate& p) const;

   // fact.cpp: conditions, medications, procedures, findings, allergies, and their windows.
   Outcome fact(const Predicate& p) const;
   Outcome recorded_fact(const Predicate& p) const;  // as the record states it, never computed
   // "clinically significant" on a fact: whether a record of the fact that counts answers it
   // (docs/language.md, "Qualifier leaves").
   Outcome qualifier(const Predicate& p) const;

   // derived_finding.cpp: a finding computed from the record (tace_refractory.cpp,
   // systemic_failure.cpp), weighed against a recorded yes/no.
   Outcome derived_finding(const Predicate& p) const;

   const EvalContext& ctx_;
};

}  // namespace eligo::evaluation
