#include "engine/evaluate/age.hpp"

namespace eligo {

q::Duration age_on(const Date& birth, const Date& on) { return static_cast<double>(completed_years(birth, on)) * q::julian_year; }

}  // namespace eligo
