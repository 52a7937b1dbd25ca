// eligo import: a ClinicalTrials.gov record (API v2 study JSON, or one line of
// the corpus's hcc_trials.jsonl) -> a draft trial file. Every criterion line is
// kept: a line that does not compile becomes a manual-review criterion that
// carries the compiler's reason, and the structure the registry writes (headings,
// nested items, packed numbers, a trailing "or") is made explicit. A draft always
// compiles. See docs/cli.md, "eligo import", and docs/language.md, "Structure:
// headings, nesting and sections".
#pragma once

#include <string>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/import/registry_text.hpp"

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

}  // namespace eligo
