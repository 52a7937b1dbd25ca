// Population screening (eligo batch, docs/batch.md): patients streamed from NDJSON
// files, folders of patient files or standard input, screened against every trial on
// N threads, one row per patient × trial (or one error row per bad record) in input
// order whatever the thread count.
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/record_stream.hpp"
#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/compile/trial.hpp"
#include "engine/evaluate/screen.hpp"

namespace eligo {

struct BatchOptions {
   std::vector<std::string> inputs;  // NDJSON files, folders of patient files, "-" for stdin
   std::optional<Date> date;         // default: each patient's screening_date, else today
   std::string format = "ndjson";    // or "csv"
   unsigned threads = 1;
   bool only_eligible = false;
   bool near_miss = false;                      // test ineligible verdicts for near misses: the rows say so and how far, the summary counts them
   bool explain = false;                        // rows also carry `missing`, the data to collect, in words (default: criterion ids only)
   std::size_t chunk_records = 2048;            // records screened together (fewer with many trials: chunk_rows)
   std::size_t chunk_rows = 16384;              // patient x trial rows held at once
   std::size_t chunk_bytes = 32 * 1024 * 1024;  // ... or this much input text, whichever comes first
   bool progress = false;                       // a progress line on stderr
   // The tree evaluator for every trial (docs/batch.md, "The compiled path"): the compiled programs are not used.
   bool reference = false;
};

struct BatchSummary {
   std::size_t records = 0;
   std::size_t errors = 0;
   std::size_t rows = 0;
   // trial -> eligible, pending_questions, indeterminate, ineligible, not_screenable (the order of Verdict)
   std::map<std::string, std::array<std::size_t, verdict_count>> verdicts;
   std::map<std::string, std::size_t> near_misses;  // trial -> ineligible verdicts that are near misses (--near-miss)
   double seconds = 0;
   long peak_rss_kb = 0;
   // The compiled path (docs/batch.md): the trials compiled to a program, the verdicts their programs gave, and the
   // verdicts of those trials left to the reference path (a record outside the fast shape, a score to stage); the
   // trials not compiled, with the reason.
   std::size_t compiled_trials = 0, compiled_verdicts = 0, fallback_verdicts = 0;
   std::map<std::string, std::string> not_compiled;
};

// Runs the batch; rows go to `out`, progress to `progress` (when enabled).
// Throws InputError when an input cannot be opened (the run cannot proceed).
BatchSummary run_batch(const BatchOptions& options, const std::vector<Trial>& trials, const Catalogue& catalogue, std::ostream& out, std::ostream& progress);

// near_miss: with a NEAR MISS column (eligo batch --near-miss).
void print_batch_summary(std::ostream& out, const BatchSummary& s, const std::vector<Trial>& trials, unsigned threads, bool near_miss = false);

}  // namespace eligo
