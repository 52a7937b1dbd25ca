#include "engine/evaluate/age.hpp"

#include <cmath>

namespace eligo {

q::Duration age_on(const Date& birth, const Date& on) { return static_cast<double>(completed_years(birth, on)) * q::julian_year; }

AgeCount age_count(double years)
{
   if (std::abs(years - std::round(years)) < 1e-9) return AgeCount::years;
   const double months = years * 12;
   if (std::abs(months - std::round(months)) < 1e-6) return AgeCount::months;
   return AgeCount::days;
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

std::string age_words(AgeCount finest, const Date& birth, const Date& on)
{
   switch (finest) {
      case AgeCount::years: return std::to_string(completed_years(birth, on)) + " years";
      case AgeCount::months: {
         const int months = static_cast<int>(completed_age(AgeCount::months, birth, on));
         if (months < 12) return std::to_string(months) + " months";
         return std::to_string(months / 12) + " years " + std::to_string(months % 12) + " months";
      }
      case AgeCount::days: return std::to_string(static_cast<long>(completed_age(AgeCount::days, birth, on))) + " days";
   }
   return "";
}

}  // namespace eligo
