// Three-valued evaluation of predicate trees against a patient, with Kleene
// logic for and/or/not, and a "why" sentence for every leaf.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

enum class Tri { met, not_met, unknown };
const char* to_string(Tri t);  // "met", "not_met", "unknown"

struct Outcome {
   Tri result = Tri::unknown;
   std::string why;
   std::vector<std::string> missing;  // data that would settle an unknown
};

struct EvalContext {
   const Patient& patient;
   Date date;  // the screening date
   const Catalogue& catalogue;
   std::vector<const Concept*> own;         // the trial's condition and interventions: "other X" excludes them
   std::optional<int> lab_window_days;      // labs older than this are stale
   std::vector<const Analyte*> trial_labs;  // the labs the trial's criteria use ("labs within 14 days" checks them)
   bool explain = true;                     // false: results and missing data only, no "why" sentences (eligo batch)
};

Outcome evaluate(const Predicate& p, const EvalContext& ctx);

}  // namespace eligo
