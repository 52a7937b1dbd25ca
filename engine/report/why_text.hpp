// The why of an outcome in a text report. A single test, or a combination of tests on one level,
// is the one line of its why; a nested combination is an indented tree, one line per part with
// its result in words, so the reader sees which parts are grouped (docs/cli.md, eligo check).
#pragma once

#include <ostream>
#include <string>

#include "engine/evaluate/evaluator.hpp"

namespace eligo {

// A combination with a combination among its parts: it prints as a tree.
bool nested(const Outcome& o);

// Writes pad + lead + the why. A nested combination writes its heading after lead ("all of:"),
// then its parts, indented under pad:
//
//   why: all of:
//     met       Microvascular invasion grade M2 (recorded), required II: met
//     met       any of:
//       not met   Number of tumours 2 (2026-10-08) ≥ 3: not met
//       met       Largest tumour diameter 8 cm (2026-10-08) ≥ 8 cm: met
void print_why(std::ostream& out, const Outcome& o, const std::string& pad, const std::string& lead);

}  // namespace eligo
