// Criterion text -> syntax tree, or an error with the column (in code points),
// the line with a caret, and what was expected.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"
#include "grammar/lexicon.hpp"
#include "grammar/syntax.hpp"
#include "grammar/word_accounting.hpp"

namespace eligo::grammar {

// Limits that keep a parse bounded in time and stack (docs/language.md, "Limits").
inline constexpr std::size_t max_criterion_bytes = 2000;
inline constexpr int max_nesting = 16;

// A criterion that does not parse. The criterion's file and line are the caller's to add
// (compile/trial.cpp); here the place is the column within the criterion text.
struct SyntaxError : CriterionError {
   SyntaxError(std::string message, std::size_t byte, std::size_t column)
       : CriterionError(Location::column_only(column), std::move(message)), byte(byte), column(column)
   {}
   std::size_t byte;    // offset into the criterion text
   std::size_t column;  // 1-based, in code points (the same as where.column)
};

// Parses one criterion. Throws SyntaxError. With `accounting`, records what the reading passed
// over (docs/language.md, "Accounting of words").
syntax::Node parse_criterion(std::string_view text, const Lexicon& lexicon, Accounting* accounting = nullptr);

// 1-based column of a byte offset, counting UTF-8 code points.
std::size_t column_of(std::string_view text, std::size_t byte);

// "  PLT ≥ 75 mg/dL\n        ^" : the line and a caret under a code-point column.
std::string caret_line(std::string_view text, std::size_t column);

}  // namespace eligo::grammar
