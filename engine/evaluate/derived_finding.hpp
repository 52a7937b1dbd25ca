// Findings computed from the record where it holds the inputs (a concept's "derived" in
// concepts.json): TACE refractoriness by JSH-LCSGJ (tace_refractory.cpp) and failure of
// BCLC-recommended systemic therapy (systemic_failure.cpp). derived_finding.cpp weighs the
// computation against a recorded yes/no. Not for use outside engine/evaluate/.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/evaluate/evaluator.hpp"

namespace eligo::evaluation {

// What the record says of a derived finding, computed by its definition.
struct Computed {
   Tri result = Tri::unknown;
   std::string definition;            // the definition used, as the why prints it
   std::string how;                   // what the record gives, in the definition's terms
   std::vector<std::string> missing;  // what would settle an unknown
   bool none_at_all = false;          // a complete list holds no such therapy at all
   bool flag_can_stand = true;        // unknown: a recorded "present" is accepted (the record lacks the inputs)
};

Computed jsh_lcsgj(const EvalContext& ctx, const Concept& c);
Computed bclc_systemic_failure(const EvalContext& ctx, const Concept& c);

// Records of a finding (or a subclass) on or before the screening date: in the history lists (a
// condition record with its onset), as dated findings (FHIR), or in the file's findings.
struct FindingEvidence {
   std::vector<std::pair<Date, std::string>> dated;  // present, when, and the record ("conditions[1]")
   std::vector<std::string> undated;                 // present, with no date
   std::string absent;                               // the finding is recorded as absent: where ("" if not)
};
FindingEvidence finding_evidence(const EvalContext& ctx, const Concept& c);

// Items joined as a sentence lists them: "a, b and c" (or "a, b or c").
std::string join_list(const std::vector<std::string>& items, const char* last = "and");

}  // namespace eligo::evaluation
