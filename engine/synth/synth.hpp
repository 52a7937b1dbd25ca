// Synthetic patients (docs/synthetic.md).
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
//
// regress(): runs stored cases against compiled trials and reports every
// difference criterion by criterion.
//
// write_population(): N realistic HCC patients as NDJSON, reproducible from a seed.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

namespace eligo {

struct SynthCase {
   std::string name;               // file stem: "gen-012-inc09-l3-platelets-boundary"
   nlohmann::ordered_json patient;  // native patient JSON with its "expect" block
};

struct SynthSuite {
   std::string trial;
   std::vector<SynthCase> cases;
   std::size_t leaves = 0;  // machine-checkable leaves
   std::size_t probed = 0;  // of them, leaves with at least one case
   std::vector<std::string> notes;  // what could not be built, and why
};

// The screening date every generated case uses (fixed, so the suite does not age).
Date synth_date();

SynthSuite synthesize(const Trial& trial, const Catalogue& catalogue, std::uint64_t seed = 1);

// A leaf's stable id within a trial: "inclusion#9/3" (criterion index in its section, 1-based;
// leaf index in pre-order, 1-based). Manual leaves are not machine-checkable.
struct LeafRef {
   std::string id;
   const Predicate* leaf = nullptr;
   const Criterion* criterion = nullptr;
};
std::vector<LeafRef> checkable_leaves(const Trial& trial);

// ---- regression --------------------------------------------------------------

struct RegressRow {
   std::string file;
   std::string trial;
   std::string patient;
   std::string expected;  // verdict
   std::string actual;    // verdict, or "error"
   bool ok = false;
   std::vector<std::string> diffs;  // one line per criterion that changed, with the engine's why
};

struct RegressCoverage {
   std::string trial;
   std::size_t leaves = 0;
   std::size_t probed = 0;
   std::vector<std::string> unprobed;  // leaf ids with no case
};

struct RegressReport {
   std::vector<RegressRow> rows;
   std::vector<RegressCoverage> coverage;  // per trial that has cases
   std::size_t failed() const;
};

// Runs every case file (*.json with an "expect" block) under `inputs` (files or folders)
// against `trials`.
RegressReport regress(const std::vector<std::string>& inputs, const std::vector<Trial>& trials, const Catalogue& catalogue);

// ---- population ----------------------------------------------------------------

void write_population(std::ostream& out, std::size_t n, std::uint64_t seed, const Catalogue& catalogue);

}  // namespace eligo
