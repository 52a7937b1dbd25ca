// The words of a compiled criterion that its reading did not use (docs/language.md, "Accounting of
// words"): what the parse skipped, less the reviewed words that carry no meaning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/compile/binder.hpp"
#include "engine/compile/predicate.hpp"
#include "grammar/word_accounting.hpp"

namespace eligo {

// Each unread run of words as written ("histologically", "within 7 days of first dose of study drug").
// A word naming the patient's sex is read when every fact of the reading is of that sex
// ("pregnant or lactating women"). Throws BindError where an unread run states a condition that must not be dropped: a
// percentage ("+/-15%", a tolerance on a limit) or a time limit ("within 2 months", "in the past six months"); the line
// is then manual review.
std::vector<std::string> unread_words(std::string_view text, const grammar::Accounting& accounting, const CatalogueLexicon& lexicon, const Predicate& reading);

// Whether words say when: a unit of time ("within 2 months", "in the past six months", "72h", "this year"), a calendar
// year ("since 2020"), or a time-scope word ("recent", "current", "ongoing"); an age or a study day ("Day 1") is not.
bool states_time_limit(std::string_view words, const grammar::Lexicon& lexicon);

}  // namespace eligo
