// Trial files (rules/*.trial): a header of "key: value" lines, then
// "inclusion:" and "exclusion:" sections of bulleted criteria. Nesting is by
// indentation; keys under a bullet ("as:", "note:", "manual:", "kind:") refine it.
// See docs/language.md, "Trial files".
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace eligo::grammar {

struct TrialItem {
   std::string section;     // "inclusion" or "exclusion"
   std::size_t line = 0;    // 1-based line of the bullet
   std::size_t column = 0;  // 1-based code-point column where the text starts
   std::size_t indent = 0;
   std::string text;  // registry wording, as written
   std::string as;    // machine form, when the wording cannot be compiled as is
   std::size_t as_line = 0;
   std::size_t as_column = 0;
   std::vector<std::string> notes;
   std::string manual;  // manual-review reason, when given
   std::string kind;    // "question", "data" or "enrolment" when the file sets the criterion's kind (docs/language.md, "Kinds of criteria")
   std::vector<TrialItem> children;
};

struct TrialSource {
   std::string path;
   std::map<std::string, std::string> header;  // lower-cased keys: trial, title, condition, lab window, criteria, source...
   std::map<std::string, std::size_t> header_lines;
   std::vector<TrialItem> items;
};

// A trial file whose structure cannot be read: file:line:col and what was expected.
struct TrialSyntaxError : LocatedError {
   TrialSyntaxError(std::string path, std::size_t line, std::size_t column, std::string message)
       : LocatedError(Location::text(path, line, column), std::move(message)), path(std::move(path)), line(line), column(column)
   {}
   std::string path;
   std::size_t line, column;  // the same as where's
};

inline constexpr std::size_t max_trial_bytes = 1024 * 1024;
inline constexpr std::size_t max_trial_nesting = 8;

// Reads the structure of a trial file (not the criteria themselves). Handles a
// BOM and CRLF line ends; rejects invalid UTF-8. Throws TrialSyntaxError.
TrialSource read_trial_source(const std::string& text, const std::string& path);

bool valid_utf8(std::string_view s, std::size_t* bad_at = nullptr);

}  // namespace eligo::grammar
