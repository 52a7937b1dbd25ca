// Synthetic patients for one trial (docs/synthetic.md).
//
// synthesize(): for one compiled trial, a base patient built to meet every
// inclusion and no exclusion, and one patient per probe of every machine-
// checkable leaf (boundary, one step beyond, boundary in another unit, value
// missing, no reference range, stale value, and so on), plus one patient per
// exclusion that meets it. Each case carries its expected verdict and the
// expected result of every criterion. The expectation is derived from the
// values the generator put in the patient, through the generator's own model
// of each leaf and Kleene logic, never by running the evaluator: otherwise
// the suite would test the engine against itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"
#include "engine/core/date.hpp"

namespace eligo {

struct SynthCase {
   std::string name;                // file stem: "gen-012-inc09-l3-platelets-boundary"
   nlohmann::ordered_json patient;  // native patient JSON with its "expect" block
};

struct SynthSuite {
   std::string trial;
   std::vector<SynthCase> cases;
   std::size_t leaves = 0;          // machine-checkable leaves
   std::size_t probed = 0;          // of them, leaves with at least one case
   std::vector<std::string> notes;  // what could not be built, and why
};

// The screening date every generated case uses (fixed, so the suite does not age).
Date synth_date();

SynthSuite synthesize(const Trial& trial, const Catalogue& catalogue, std::uint64_t seed = 1);

}  // namespace eligo
