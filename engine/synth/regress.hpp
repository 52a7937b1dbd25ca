// eligo regress (docs/synthetic.md): stored cases run against compiled trials, every
// difference reported criterion by criterion.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/trial.hpp"

namespace eligo {

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

// eligo regress --format json: {"cases", "failed", "rows", "coverage"} (docs/cli.md).
nlohmann::ordered_json regress_json(const RegressReport& report);
// eligo regress: a row per case (only those that differ with `failures_only`) with its
// differences under it, the coverage per trial, and a summary line.
void print_regress_text(std::ostream& out, const RegressReport& report, bool failures_only);

}  // namespace eligo
