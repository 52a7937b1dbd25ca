// eligo import: a ClinicalTrials.gov record (API v2 study JSON, or one line of
// the corpus's hcc_trials.jsonl) -> a draft trial file. Every criterion line is
// kept: a line that does not compile becomes a manual-review criterion that
// carries the compiler's reason. See docs/cli.md, "eligo import".
#pragma once

#include <string>
#include <vector>

#include "engine/compile/binder.hpp"

namespace eligo {

struct ImportResult {
   std::string id;
   std::string trial_text;            // the draft trial file
   std::size_t criteria = 0;          // bullets written
   std::size_t manual = 0;            // of which manual review
   std::vector<std::string> reports;  // conflicts and other things a person must look at
};

// Throws InputError (patient.hpp) when the record cannot be read.
ImportResult import_record(const std::string& json_text, const std::string& source, const CatalogueLexicon& lexicon);

// The registry text as bullets: markdown escapes undone, hard wraps re-joined,
// nesting kept. Exposed for tests.
struct ImportedLine {
   std::size_t depth = 0;
   std::string text;
   bool heading = false;  // "DISEASE CHARACTERISTICS:", "The characteristics of the tumor:"
};
std::vector<ImportedLine> split_criteria_text(const std::string& text);
std::string undo_markdown_escapes(const std::string& text);

}  // namespace eligo
