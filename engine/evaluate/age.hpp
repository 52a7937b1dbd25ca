// Age as a typed quantity (quantity.hpp), the derived value age criteria test.
#pragma once

#include <string_view>

#include "engine/core/date.hpp"
#include "engine/core/quantity.hpp"

namespace eligo {

// Age in completed years on a date, as a typed duration (in Julian years, UCUM 'a').
q::Duration age_on(const Date& birth, const Date& on);

// What an age bound counts: completed years, unless it is written in months ("≥ 6 months": completed months) or in weeks
// or days (completed days). In completed years a 7-month-old is 0 and fails "≥ 6 months" (review helper-133).
enum class AgeCount { years, months, days };
AgeCount age_count(std::string_view unit_code);

// The age on `on` in that count (completed years, completed months, or days since birth).
double completed_age(AgeCount count, const Date& birth, const Date& on);

// A bound in the age analyte's canonical unit (years, UCUM 'a') in that count: 0.5 a is 6 months, 28 d is 28 days.
double age_bound(AgeCount count, double years);

}  // namespace eligo
