// Registry eligibility text as lines: markdown escapes undone, hard wraps re-joined,
// bullets and their nesting kept, headings told apart from criteria. Both styles of
// ClinicalTrials.gov text are read: legacy "-  " bullets hard-wrapped at 80 columns,
// and API v2 markdown ("* ", "1. ", nested by indentation).
#pragma once

#include <string>
#include <vector>

namespace eligo {

struct ImportedLine {
   std::size_t depth = 0;
   std::string text;
   // A heading, never a criterion: "DISEASE CHARACTERISTICS:", "The characteristics of the tumor:", or a bare
   // subheading over bullets ("Chemotherapy", "Performance status"). Written as a comment.
   bool heading = false;
   int ordinal = 0;  // the number of the line's list marker ("2) ", "* 1) ", "b. "), 0 when it has none
   char style = 0;   // the marker's kind: '.' for "1.", ')' for "1)", 'a' for "a)" and "a."
};

std::vector<ImportedLine> split_criteria_text(const std::string& text);
std::string undo_markdown_escapes(const std::string& text);

}  // namespace eligo
