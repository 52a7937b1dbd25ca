// Readings that cannot be true: a compiled criterion that no patient can meet, or that no
// patient can fail ("X and not X", an age range whose ends cross, "≥ 5 and < 3" on one
// analyte, a score label set that covers every label, a fact both required and excluded).
// Such a reading is a compile error with the reason (docs/language.md, "Readings that cannot
// be true"); in an imported draft the line becomes manual review.
//
// The check is sound, not complete: it never calls a reading impossible that some patient
// (whose records agree with each other) can meet and another can fail, but it does not find
// every impossible one. It reasons per measure over intervals in the canonical unit (the
// evaluator's tolerance at equality included), per score over its ordinal values, over the
// patient's sex, and per clinical fact over what one record implies for another: "within 1
// month" implies "ever", a kind implies its class ("prednisone" implies "corticosteroid").
#pragma once

#include <optional>
#include <string>

#include "engine/catalogue/catalogue.hpp"
#include "engine/compile/predicate.hpp"

namespace eligo {

struct ImpossibleReading {
   enum class Kind { never_met, never_fails };
   Kind kind = Kind::never_met;
   // "no patient can meet this criterion: 'Age ≥ 75 years' and 'Age < 18 years' cannot both hold"
   std::string reason;
};

// The reason `p` can never be met, or can never fail; nothing when some patient can meet it and
// another can fail it, or when the check cannot tell.
// `exclusion`: the criterion excludes whom it meets, so one no patient can fail excludes everyone, also when it is only
// "male or female" (which an inclusion may say to mean either sex).
std::optional<ImpossibleReading> impossible_reading(const Predicate& p, const Catalogue& catalogue, bool exclusion = false);

}  // namespace eligo
