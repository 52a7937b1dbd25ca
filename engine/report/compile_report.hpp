// What eligo compile and eligo coverage print (docs/cli.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/compile/binder.hpp"

namespace eligo {

// eligo compile: per trial file its counts, errors and warnings, as text (each file as it is
// compiled) or as {"files": [...]}. Returns whether every file compiled.
bool report_compile(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json);

// eligo coverage: criterion lines per trial, compiled or manual, by kind.
void report_coverage(std::ostream& out, const std::vector<std::string>& inputs, const CatalogueLexicon& lexicon, bool json);

}  // namespace eligo
