// Which words of a criterion its reading used and which it skipped (docs/language.md, "Accounting
// of words"). The parser records every span it passed over; a skipped word that is not on the
// reviewed no-meaning list (the catalogue's filler_words.json, through the Lexicon) is unread,
// and the reports say so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/lexicon.hpp"

namespace eligo::grammar {

// A span of the criterion's text that the reading passed over, and what kind of thing it was.
struct Skipped {
   enum class Kind {
      filler,            // a filler word ("the", "histologically")
      note,              // a bracketed note that restates ("(ULN)", "(5-6 points)")
      restating_note,    // "(that is …)", "(i.e. …)"
      caption,           // "Routine blood test:" before the criterion
      punctuation,       // a colon, a dash between spaces
      assessment_time,   // "at the time of signing consent": the screening date, when Eligo checks anyway
      unchecked_timing,  // "within 7 days of first dose" after a lab or score: not checked (a warning says so)
      defined_term,      // "Renal insufficiency" in "Renal insufficiency (creatinine > 2 mg/dL)": the definition is read
   };
   Kind kind = Kind::filler;
   std::size_t begin = 0;  // byte offsets into the criterion text
   std::size_t end = 0;
};

// What one parse passed over, in text order.
struct Accounting {
   std::vector<Skipped> skipped;
};

// A run of words the reading did not use and that carry meaning, as written ("histologically",
// "ICD 10 is C22.0", "within 7 days of first dose of study drug"), and where it stands.
struct Unread {
   std::string words;
   std::size_t begin = 0;
   std::size_t end = 0;
   // A bracketed note that is one whole catalogue name ("(HBsAg positive)", "(Barcelona Clinic Liver Cancer)"): it
   // restates the words before it only when the reading tests what it names, which the binder tells.
   bool whole_name = false;
};

// A stage or grade written as a label, which a bracketed note never restates as an abbreviation would: a roman numeral
// with its letter ("IIIB", "IVa"), a score's abbreviation with its value after a hyphen ("BCLC-C", "CP-B", "ECOG-2",
// "NYHA-III"), or capitals with a digit ("G3", "M1", "PS2", "T3N0M0").
bool stage_label(std::string_view t);

// The unread words of `text`, in text order.
std::vector<Unread> unread_words(std::string_view text, const Accounting& accounting, const Lexicon& lexicon);

}  // namespace eligo::grammar
