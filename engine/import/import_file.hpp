// eligo import from and to files (docs/cli.md, "eligo import").
#pragma once

#include <ostream>
#include <string>

#include "engine/compile/binder.hpp"

namespace eligo {

// Drafts a trial file from the record in `record_path`: into `out_path` (complete or absent),
// or to `out` when `out_path` is empty. What was drafted, and every report a person must look
// at, go to `log`. Throws InputError when the record cannot be read.
void import_file(const std::string& record_path, const std::string& out_path, const CatalogueLexicon& lexicon, std::ostream& out, std::ostream& log);

}  // namespace eligo
