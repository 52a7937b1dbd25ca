// Regimens found from their drugs (docs/patient-format.md, "Regimens"): a regimen concept lists
// its components (concepts.json "components"), and records of all of them given together are
// the regimen, as if it had been recorded itself. Given together: every component has a record,
// their starts are within regimen_start_days of each other, and their courses overlap (the last
// to start began before any of the others ended). A component alone is not the regimen.
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/patient/patient.hpp"

namespace eligo::evaluation {

inline constexpr long regimen_start_days = 14;

struct RegimenFinding {
   enum class State {
      together,  // the records make the regimen: `record` is it
      open,      // all components are on record, but whether together cannot be told: `why`, `missing`
      apart,     // some components are on record, not the regimen: `why` says why (a note for the reader)
   };
   const Concept* regimen = nullptr;
   State state = State::apart;
   Record record;  // together: one course of the regimen, from the first start to the last end
   std::string why;
   std::vector<std::string> missing;
};

// The regimens that are a kind of `criterion` and that its components alone would not already
// count for (FOLFOX for "FOLFOX", not for "chemotherapy", which oxaliplatin already is), read from
// `records` (those that count: not refuted, not unconfirmed, not after the screening date).
std::vector<RegimenFinding> find_regimens(const Concept& criterion, const std::vector<const Record*>& records, const Catalogue& catalogue,
                                          const Date& screening);

}  // namespace eligo::evaluation
