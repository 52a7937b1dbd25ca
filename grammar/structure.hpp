// The words of registry text that carry structure rather than a criterion: a heading
// that names a section ("Patients meeting any of the following exclusion criteria are
// not eligible:"), the combination a heading states for the items nested under it
// ("Treatment with any of the following:", "Inadequate organ function:"), and a bullet
// that ends in "or" and so joins the next one. The trial-file compiler and
// `eligo import` read them the same way. See docs/language.md, "Structure: headings,
// nesting and sections".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eligo::grammar {

enum class SectionName { none, inclusion, exclusion };

// The section a heading names: "Exclusion Criteria:", "Key inclusion criteria",
// "Other Exclusion Criteria", "Patients meeting any of the following exclusion criteria
// are not eligible:", "The following patients are not eligible:". A sentence that only
// mentions criteria ("See Inclusion Criteria for details", "Other protocol-defined
// inclusion/exclusion criteria may apply") names none.
SectionName section_heading(std::string_view text);

// True for the plain section titles a record starts its parts with ("Inclusion
// Criteria:", "**Key Exclusion Criteria**"), as against a sentence that names one.
bool plain_section_title(std::string_view text);

// How the items nested under a heading combine. A heading is a bullet that ends with
// ':' and has nested items; what it says of them decides, else the section does:
// in an exclusion section any one item is enough, in an inclusion section every item
// must hold.
struct HeadingReading {
   enum class Combination {
      all,      // every item
      any,      // one item at least
      none,     // no item: "None of the following:", "No active heart disease, including any of the following:"
      not_all,  // an exclusion heading that names inclusion criteria: one item not met excludes
   };
   std::optional<Combination> combination;  // empty when the heading cannot be read safely: see problem
   std::string why;                         // plain English: "a heading in the exclusion section: any one item is enough"
   std::string problem;                     // why the heading is manual review ("its time scope 'within' would apply to its items")
   // When the items are examples ("No active heart disease, including any of the following:"): what they are examples of
   // ("active heart disease"). Examples never narrow it: the reading is the head or any item, and a head that cannot be
   // read makes the heading manual review.
   std::string head;
   // The heading conditions its items or may reverse them ("…, excluding:", "… allowed provided …:", "Female participants
   // who:", "No other cancer:" among exclusions): read alone, an item could mean the opposite of what the registry says, so
   // the items are manual review too.
   bool conditional = false;
   // The heading's words that would scope its items (a time, a number), as written ("within the past 6 months"): items read
   // without them say so (unread).
   std::string scope_words;
   // A window "within N days/weeks … [prior to the moment]" in the heading, as written, and the heading without it: where
   // the items are tests, each takes the window as its own assessment window (docs/language.md, "Assessment windows").
   std::string window;
   std::string without_window;
   // The heading around the window, for a reader that takes less of it: "Blood counts performed" before it, "…:" after
   // ("… within 28 days prior to randomization must meet the following criteria:" reads "must meet the following criteria"
   // as the rest of the lead-in).
   std::string before_window;
   std::string after_window;
};
HeadingReading read_heading(std::string_view heading, bool exclusion_section);

// A heading that begins with a number or a comparison sign ("1 of the following:", "≥2 of the following:", "<= 1 of"): the
// grammar would read the number as a list number or the sign as a comparison, so the heading's own reading decides how its
// items combine (review helper-135: "1 of the following:" was read as all of them, "<= 1 of" as all).
bool numbered_heading(std::string_view heading);

// The phrase a trial file writes for a combination ("any of the following:"); empty for not_all.
const char* quantifier_phrase(HeadingReading::Combination c);
const char* combination_words(HeadingReading::Combination c);  // "any of", "all of", "none of", "not all of"

// A bullet that ends in a joining word: "… or", "…; or", "… OR", "… and/or" join the
// next bullet as one any-of group, "… and" as one all-of group. `kept` is the length
// of the text before the joining word and its punctuation.
enum class TrailingJoin { none, any, all };
TrailingJoin trailing_join(std::string_view text, std::size_t* kept = nullptr);
// The same joining word at the start of the next bullet ("OR at least 1 of the following:", "and/or …"): `skipped` is
// where the text after it starts.
TrailingJoin leading_join(std::string_view text, std::size_t* skipped = nullptr);

}  // namespace eligo::grammar
