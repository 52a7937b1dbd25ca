// What eligo convert prints (docs/cli.md).
#pragma once

#include <ostream>
#include <string>

#include "engine/catalogue/catalogue.hpp"

namespace eligo {

// `value` (as typed: `value_text`) converted from unit `from` to unit `to`, read with the
// spellings and molar mass of `analyte` when one is named. Throws InputError for an unknown
// analyte, and the unit errors of parse_unit() and convert().
void report_conversion(std::ostream& out, const std::string& value_text, double value, const std::string& from, const std::string& to,
                       const std::string& analyte, const Catalogue& catalogue, bool json);

}  // namespace eligo
