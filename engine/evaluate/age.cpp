#include "engine/evaluate/age.hpp"

#include <cmath>

namespace eligo {

q::Duration age_on(const Date& birth, const Date& on) { return static_cast<double>(completed_years(birth, on)) * q::julian_year; }

AgeCount age_count(std::string_view unit_code)
{
   if (unit_code == "mo" || unit_code == "mo_j" || unit_code == "mo_g") return AgeCount::months;
   if (unit_code == "wk" || unit_code == "d") return AgeCount::days;
   return AgeCount::years;
}

double completed_age(AgeCount count, const Date& birth, const Date& on)
{
   switch (count) {
      case AgeCount::years: return completed_years(birth, on);
      case AgeCount::months: {
         int months = (on.year - birth.year) * 12 + (on.month - birth.month);
         if (on.day < birth.day) --months;
         return months;
      }
      case AgeCount::days: return static_cast<double>(on.days() - birth.days());
   }
   return completed_years(birth, on);
}

double age_bound(AgeCount count, double years)
{
   // UCUM: a month is a twelfth of the Julian year, a day 1/365.25 of it; the bounds were written whole in their own unit.
   switch (count) {
      case AgeCount::years: return years;
      case AgeCount::months: return std::round(years * 12 * 1e6) / 1e6;
      case AgeCount::days: return std::round(years * 365.25 * 1e6) / 1e6;
   }
   return years;
}

}  // namespace eligo
