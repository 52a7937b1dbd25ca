// Age as a typed quantity (quantity.hpp), the derived value age criteria test.
#pragma once

#include <string>

#include "engine/core/date.hpp"
#include "engine/core/quantity.hpp"

namespace eligo {

// Age in completed years on a date, as a typed duration (in Julian years, UCUM 'a').
q::Duration age_on(const Date& birth, const Date& on);

// What an age bound counts, from the unit it is written in: completed years for a whole number of years; completed months
// for a bound in months ("≤ 12 months" ends at 13 months, not at the 2nd birthday: review helper-135) or a fraction of a year
// that is whole months ("1.5 years"); completed weeks for one in weeks ("≤ 6 weeks" holds at 6 weeks and 3 days: review
// helper-136); days otherwise. In completed years a 7-month-old is 0 and fails "≥ 6
// months" (review helper-133). Each end of a range counts on its own: "12 months to 17 years" admits a 17-year-old until the
// 18th birthday (review helper-134). `canonical` is the bound in years (the age analyte's unit), `written` as written.
enum class AgeCount { years, months, weeks, days };  // coarsest to finest
AgeCount age_count(double canonical, double written);

// The age on `on` in that count (completed years, completed months, or days since birth).
double completed_age(AgeCount count, const Date& birth, const Date& on);

// A bound in the age analyte's canonical unit (years, UCUM 'a') in that count: 0.5 a is 6 months, 28 d is 28 days.
double age_bound(AgeCount count, double years);

// "age 17 years 11 months", "age 7 months", "age 40 days", as the counts of a test's bounds need it.
std::string age_words(AgeCount finest, const Date& birth, const Date& on);

}  // namespace eligo
