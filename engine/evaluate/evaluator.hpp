// Three-valued evaluation of predicate trees against a patient, with Kleene
// logic for and/or/not, and a "why" sentence for every leaf.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

enum class Tri { met, not_met, unknown };
const char* to_string(Tri t);  // "met", "not_met", "unknown": the machine form (JSON, case files)
const char* in_words(Tri t);   // "met", "not met", "unknown": the form every sentence and text report uses

// How a combination is decided by its parts: all of them, or any one of them.
enum class Group { all_of, any_of };
const char* to_string(Group g);  // "all", "any" (JSON)

struct Outcome;

// The parts of a combination, each with its own result and why, in the order written, so a
// report can show the grouping (engine/report/why_text.hpp). A negation is pushed down to the
// tests it negates (De Morgan): "none of A, B" is all of "no A" and "no B", and each part's
// result says whether that part is satisfied.
struct Combination {
   Group group = Group::all_of;
   std::vector<Outcome> parts;
};

// Deletes a Combination out of line. An Outcome that held its parts inline (a vector of
// Outcomes, with a recursive destructor) made eligo batch, whose outcomes never have parts,
// measurably slower; behind this pointer an outcome without parts costs one null pointer.
struct CombinationDeleter {
   void operator()(Combination* c) const;
};

// How far a lab result is from the threshold of the test it was put to (docs/cli.md, "Near misses"): set only when
// EvalContext::gaps asks for it, for an exact lab result against an absolute threshold or a multiple of the ULN/LLN.
struct LabGap {
   std::string analyte;  // "PLT" as the catalogue displays it
   double value = 0;     // the result in the threshold's unit as written (× ULN: the multiple of the limit)
   std::string unit;     // that unit ("10*9/L"); "× ULN" / "× LLN" for a relative test
   Comparator op = Comparator::ge;
   double threshold = 0;  // as written (× ULN: the factor)
   // |value − threshold| / |threshold|, both in one unit (× ULN: the multiples): 0.1 is 10% of the threshold
   double distance = 0;
};

struct Outcome {
   Tri result = Tri::unknown;
   std::string why;
   std::vector<std::string> missing;  // data that would settle an unknown
   // Set for a combination of tests, when explaining (not in eligo batch); null for a single test.
   std::unique_ptr<Combination, CombinationDeleter> combination = {};
   std::unique_ptr<LabGap> gap = {};  // a lab test's distance to its threshold, when EvalContext::gaps
};

// An item of Outcome::missing that only a clinician can answer, not data the record could hold: a manual-review line
// ("manual review: …"), an investigator's judgement ("investigator's judgement: …"), or a qualifier of a recorded
// finding ("whether GI bleed on 2026-11-20 is clinically significant").
// The qualifier names are the catalogue's (qualifier_words.json).
bool asks_clinician(std::string_view missing_item, const Catalogue& catalogue);

struct EvalContext {
   const Patient& patient;
   Date date;  // the screening date
   const Catalogue& catalogue;
   // The trial's condition and interventions: "other X" excludes them. Read for "other X" and exceptions only: batch
   // shares the answers of other leaves between trials on that basis (tree_leaf_memo.hpp).
   std::vector<const Concept*> own;
   std::optional<int> lab_window_days;      // labs older than this are stale
   std::vector<const Analyte*> trial_labs;  // the labs the trial's criteria use ("labs within 14 days" checks them)
   bool explain = true;                     // false: results and missing data only, no "why" sentences (eligo batch)
   bool gaps = false;                       // true: a lab test's outcome carries its LabGap (near misses)
};

Outcome evaluate(const Predicate& p, const EvalContext& ctx);

}  // namespace eligo
