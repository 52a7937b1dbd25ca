// Drugs whose class depends on what they were given for (concepts.json "is_a_for_indication",
// docs/catalogue.md): interferon is anticancer immunotherapy when given for a malignancy, and
// antiviral therapy when given for hepatitis B or C; given for something else it is neither, and
// with no indication on record it is an open question, never a silent match.
#pragma once

#include <optional>
#include <string>

#include "engine/catalogue/catalogue.hpp"
#include "engine/patient/patient.hpp"

namespace eligo::evaluation {

struct IndicationReading {
   enum class Fit {
      counts,     // given for one of the link's indications: a record of the class
      other_use,  // given for something else: not a record of the class
      open,       // no indication, or one the catalogue does not know: cannot tell
   };
   Fit fit = Fit::open;
   std::string why;      // other_use and open: a sentence for the why
   std::string missing;  // open: what would settle it
};

// How a record reads for `criterion` when its concept counts as that only for some
// indications; nullopt when no such link applies (the record is, or is not, the criterion
// outright).
std::optional<IndicationReading> read_indication(const Record& r, const Concept& criterion, const Catalogue& catalogue);

// "peginterferon alfa-2a (2015-03-01)": a record as a why or a missing item names it.
std::string record_label(const Record& r);

}  // namespace eligo::evaluation
