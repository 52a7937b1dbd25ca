// One criterion text compiled on its own (eligo eval, POST /api/eval).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

// One criterion text compiled for eval: the predicate, or the error with its column and a caret line.
struct CriterionCompile {
   std::optional<Predicate> predicate;
   std::vector<Warning> warnings;
   std::vector<std::string> unread;  // words the reading passed over (docs/language.md, "Accounting of words")
   std::vector<std::string> notes;   // what the reading took from words after the test (a method named after it)
   std::string error;                // empty when it compiled
   std::size_t column = 0;           // code-point column of the error, from 1
   std::string caret;                // "  PLT ≥ 75 mg/dL\n        ^"
};
// `section` and `condition` read it as a trial file would (an exclusion line, a trial on that condition).
CriterionCompile compile_criterion_text(std::string_view text, const CatalogueLexicon& lexicon, Section section = Section::none,
                                        const Concept* condition = nullptr);

}  // namespace eligo
