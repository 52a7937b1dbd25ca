// A method named after the test: "QTc ≥ 450 ms (using Bazett's formula)" is QTc by Bazett's formula, the
// analyte that refines QTc (analytes.json "refines"). Read from the words the reading left unread, so that
// a formula the grammar passed over never leaves the line on the unrefined measure (docs/language.md,
// "A method named after the test").
#pragma once

#include <string>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

// When one unread run names a method of a refinement of an analyte the reading tests ("using Bazett's formula",
// "Bazett", "by Fridericia's correction"), every test of that analyte becomes a test of the refinement and the run
// is read (removed from `unread`). Returns the note that says so, or "" when nothing changed. Runs naming methods
// of two different refinements of one analyte change nothing (they stay unread).
std::string refine_by_method(Predicate& reading, std::vector<std::string>& unread, const Catalogue& catalogue);

}  // namespace eligo
