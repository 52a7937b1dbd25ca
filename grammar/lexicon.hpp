// What the grammar needs to know of the catalogue: which words are names of
// analytes, scores and concepts, and which strings are units. Names are
// matched longest first (as STYLE.md asks: `mg/dL` before `mg`), whole words
// only, case-insensitively, with spaces and hyphens interchangeable.
#pragma once

#include <cstddef>
#include <optional>
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
   // Bytes of the longest filler word or phrase that starts `text`, or 0: a word the grammar may
   // skip where it allows filler (the catalogue's filler_words.json, both of its lists).
   virtual std::size_t match_filler(std::string_view text) const = 0;
   // The same for the reviewed words that carry no meaning (filler_words.json "no_meaning"). A
   // skipped word that is not one of them is reported as unread (docs/language.md, "Accounting of words").
   virtual std::size_t match_no_meaning(std::string_view text) const = 0;
   // Words the grammar reads before a clinical fact, never skips (the catalogue's qualifier_words.json;
   // docs/language.md): time scope ("concurrent", "active", "evidence of": the fact holds at the
   // screening date) and qualifiers the record cannot settle by itself ("clinically significant",
   // "serious": a qualifier leaf). Each returns the bytes of the longest such word that starts `text`, or 0.
   virtual std::size_t match_scope(std::string_view text) const = 0;
   virtual std::size_t match_qualifier(std::string_view text) const = 0;
   // A qualifier read after the fact it qualifies ("infection requiring systemic therapy": qualifier_words.json "after").
   virtual std::size_t match_qualifier_after(std::string_view text) const = 0;
   // The qualifier a spelling names: "significant" and "clinically significant" are "clinically significant".
   virtual std::string qualifier_name(std::string_view spelling) const = 0;
   // The groups of words that decide how a note on support after a blood count is read (the catalogue's
   // support_note_words.json; docs/language.md, "Support for a blood count").
   enum class SupportWord { permission, support, count, permission_context, absence, time, time_unit, restriction_context };
   // Whether `word` (lower case, letters and digits) is in the group.
   virtual bool is_support_word(SupportWord group, const std::string& word) const = 0;
};

// The longest prefix of `text` (bytes) that is a unit, or 0.
std::size_t match_unit(const Lexicon& lexicon, std::string_view text);

// A name written with its abbreviation in brackets inside it: "human immunodeficiency virus (HIV) infection", "hepatitis B
// virus (HBV) infection". After the first `head` bytes of `text` (a name), a bracket holding one abbreviation (two to
// eight capital letters) and a space: where the rest of the name starts, or nothing. The lexicon reads the whole as one
// name only when the words without the bracket are a longer name of the same concept (engine/compile/binder.cpp).
std::optional<std::size_t> abbreviation_inside_name(std::string_view text, std::size_t head);
// "infection with human immunodeficiency virus", "infected with hepatitis B": the infection of a pathogen named after the
// words. The bytes of the leading words ("infection with "), or 0; the lexicon reads the whole as the pathogen's name only
// when the name followed by "infection" is a name of the same concept (engine/compile/binder.cpp).
std::size_t infection_with(std::string_view text);
// A concept name as matched, as the catalogue knows it: without a bracket of abbreviation inside it, and without the words
// "infection with" before it; with the abbreviation in the bracket, if any ("HIV"). Nothing when it is already so.
struct AbbreviatedName {
   std::string name, abbreviation;
};
std::optional<AbbreviatedName> split_abbreviated_name(std::string_view matched);

}  // namespace eligo::grammar
