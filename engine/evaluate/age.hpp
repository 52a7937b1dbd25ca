// Age as a typed quantity (quantity.hpp), the derived value age criteria test.
#pragma once

#include "engine/core/date.hpp"
#include "engine/core/quantity.hpp"

namespace eligo {

// Age in completed years on a date, as a typed duration (in Julian years, UCUM 'a').
q::Duration age_on(const Date& birth, const Date& on);

}  // namespace eligo
