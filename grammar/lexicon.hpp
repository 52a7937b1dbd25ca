// What the grammar needs to know of the catalogue: which words are names of
// analytes, scores and concepts, and which strings are units. Names are
// matched longest first (as STYLE.md asks: `mg/dL` before `mg`), whole words
// only, case-insensitively, with spaces and hyphens interchangeable.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eligo::grammar {

class NameMatcher {
public:
   NameMatcher() = default;
   explicit NameMatcher(const std::vector<std::string>& names);
   void add(const std::string& name);
   // Bytes of the longest name that starts `text` and ends at a word boundary; 0 if none.
   std::size_t match(std::string_view text) const;

private:
   std::unordered_map<unsigned char, std::vector<std::string>> by_first_;
};

class Lexicon {
public:
   enum class Kind { analyte, score, concept_, graded };  // graded: what a score grades ("cirrhosis" for Child-Pugh)
   virtual ~Lexicon() = default;
   virtual std::size_t match_name(Kind kind, std::string_view text) const = 0;
   // Whether the whole of `text` is a unit the engine can read.
   virtual bool is_unit(std::string_view text) const = 0;
};

// Words the language skips where it allows filler ("the", "patient", "serum",
// "level", "score", "was"...). Listed in docs/language.md.
const NameMatcher& filler_words();

// The longest prefix of `text` (bytes) that is a unit, or 0.
std::size_t match_unit(const Lexicon& lexicon, std::string_view text);

}  // namespace eligo::grammar
