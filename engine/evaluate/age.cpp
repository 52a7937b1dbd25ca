#include "engine/evaluate/age.hpp"

#include <cmath>

namespace eligo {

q::Duration age_on(const Date& birth, const Date& on) { return static_cast<double>(completed_years(birth, on)) * q::julian_year; }

AgeCount age_count(double canonical, double written)
{
   const double per = written != 0 ? canonical / written : 1;  // years per unit as written
   const double months = canonical * 12;
   const bool whole_months = std::abs(months - std::round(months)) < 1e-6;
   if (std::abs(per - 1) < 1e-9) {  // written in years
      if (std::abs(canonical - std::round(canonical)) < 1e-9) return AgeCount::years;
      return whole_months ? AgeCount::months : AgeCount::days;
   }
   if (std::abs(per * 12 - 1) < 1e-9 && whole_months) return AgeCount::months;  // written in months
   const double weeks = canonical * 365.25 / 7;
   if (std::abs(per * 365.25 / 7 - 1) < 1e-9 && std::abs(weeks - std::round(weeks)) < 1e-6) return AgeCount::weeks;  // written in weeks
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
      case AgeCount::weeks: return static_cast<double>((on.days() - birth.days()) / 7);
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
      case AgeCount::weeks: return std::round(years * 365.25 / 7 * 1e6) / 1e6;
      case AgeCount::days: return std::round(years * 365.25 * 1e6) / 1e6;
   }
   return years;
}

std::string age_words(AgeCount finest, const Date& birth, const Date& on)
{
   auto n = [](long v, const char* unit) { return std::to_string(v) + " " + unit + (v == 1 ? "" : "s"); };
   const long months = static_cast<long>(completed_age(AgeCount::months, birth, on));
   switch (finest) {
      case AgeCount::years: return n(completed_years(birth, on), "year");
      case AgeCount::months:
         if (months < 12) return n(months, "month");
         return n(months / 12, "year") + " " + n(months % 12, "month");
      case AgeCount::weeks: {
         const long weeks = static_cast<long>(completed_age(AgeCount::weeks, birth, on));
         if (months < 2) return n(weeks, "week");
         return (months < 12 ? n(months, "month") : n(months / 12, "year") + " " + n(months % 12, "month")) + " (" + n(weeks, "week") + ")";
      }
      case AgeCount::days: {
         const long days = static_cast<long>(completed_age(AgeCount::days, birth, on));
         if (months < 2) return n(days, "day");
         return (months < 12 ? n(months, "month") : n(months / 12, "year") + " " + n(months % 12, "month")) + " (" + n(days, "day") + ")";
      }
   }
   return "";
}

}  // namespace eligo
