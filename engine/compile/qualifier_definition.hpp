// A qualifier the line defines in brackets: "Concurrent serious infections (i.e., requiring an intravenous antibiotic)".
// The bracket says what "serious" means here, so the qualifier leaf asks that, and no record's plain "serious" answers it
// (docs/language.md, "Qualifier leaves").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/compile/predicate.hpp"

namespace eligo {

// When the reading has qualifier leaves of one qualifier and an unread run is the whole of a bracket that opens with
// "i.e.", "ie", "that is", "defined as" or "meaning", the run becomes part of each leaf's qualifier ("clinically serious,
// i.e. requiring an intravenous antibiotic") and is read (removed from `unread`). Returns the note that says so, or "".
std::string define_qualifier(Predicate& reading, std::vector<std::string>& unread, std::string_view text);

}  // namespace eligo
