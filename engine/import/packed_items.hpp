// Numbered items a registry packs into one bullet ("1) … 2) … 3) …", "(a) … (b) …",
// "A.History of cirrhosis … B.A focal liver lesion …") become one line each, so that
// every item is a criterion of its own: read, or manual review, but never lost inside
// a line that cannot be read as a whole.
#pragma once

#include <string>
#include <vector>

#include "engine/import/registry_text.hpp"

namespace eligo {

// The items packed into one text. The numbering must start the text, or follow a lead-in
// that ends in ':' ("… all of the following criteria must be met: A.… B.…"), or go on
// from `continue_from` (the number the line itself or the bullet before it reached) in
// the same style (`continue_style`: '.', ')', '(' for numbers, 'a', 'A', 'i' for letters and
// roman numerals).
struct PackedItems {
   std::string lead;  // the text before the first number ("" when the numbering starts the text)
   std::vector<std::string> items;
   std::vector<int> numbers;  // each item's number
   char style = 0;            // '.', ')', '(' for "(1)", 'a' for letters, 'A' for capitals, 'i' for roman numerals
};
PackedItems packed_items(const std::string& text, int continue_from = 0, char continue_style = 0);

// Every line of `lines` that packs items, split: the items follow as siblings (or, after
// a lead-in that ends in ':', nested under it), and the lines nested under the packed
// bullet go on under its last item.
std::vector<ImportedLine> split_packed_items(const std::vector<ImportedLine>& lines);

}  // namespace eligo
