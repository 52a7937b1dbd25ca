#include "engine/core/date.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace eligo {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
long days_from_civil(int y, unsigned m, unsigned d)
{
   y -= m <= 2;
   const long era = (y >= 0 ? y : y - 399) / 400;
   const unsigned yoe = static_cast<unsigned>(y - era * 400);
   const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
   const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
   return era * 146097 + static_cast<long>(doe) - 719468;
}

int days_in_month(int y, int m)
{
   static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
   if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
   return dm[m - 1];
}

bool digits(std::string_view s)
{
   for (char c : s)
      if (c < '0' || c > '9') return false;
   return !s.empty();
}

}  // namespace

bool valid_date(int y, int m, int d) { return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

long Date::days() const { return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)); }

Date Date::from_days(long z)
{
   if (z > max_day_offset || z < -max_day_offset) throw std::out_of_range("date out of range: " + std::to_string(z) + " days from 1970-01-01");
   z += 719468;
   const long era = (z >= 0 ? z : z - 146096) / 146097;
   const unsigned doe = static_cast<unsigned>(z - era * 146097);
   const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
   const long y = static_cast<long>(yoe) + era * 400;
   const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
   const unsigned mp = (5 * doy + 2) / 153;
   const unsigned d = doy - (153 * mp + 2) / 5 + 1;
   const unsigned m = mp < 10 ? mp + 3 : mp - 9;
   return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::add_days(long n) const
{
   if (n > max_day_offset || n < -max_day_offset) throw std::out_of_range("date out of range: " + std::to_string(n) + " days from " + str());
   return from_days(days() + n);  // |days()| is small: a Date comes from a valid date or from from_days
}

Date Date::add_months(int months) const
{
   constexpr int max_months = static_cast<int>(max_day_offset / 28);
   if (months > max_months || months < -max_months) throw std::out_of_range("date out of range: " + std::to_string(months) + " months from " + str());
   const long total = year * 12L + (month - 1) + months;
   const long y = total >= 0 ? total / 12 : (total - 11) / 12;  // floor
   Date r{static_cast<int>(y), static_cast<int>(total - y * 12) + 1, day};
   if (r.day > days_in_month(r.year, r.month)) r.day = days_in_month(r.year, r.month);
   return r;
}

std::string Date::str() const
{
   char buf[16];
   std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
   return buf;
}

std::optional<Date> parse_date(std::string_view t)
{
   if (t.size() > 10 && t[10] == 'T') t = t.substr(0, 10);
   if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !digits(t.substr(0, 4)) || !digits(t.substr(5, 2)) || !digits(t.substr(8, 2))) return std::nullopt;
   auto num = [](std::string_view s) {  // digits only, checked above
      int v = 0;
      for (char c : s) v = v * 10 + (c - '0');
      return v;
   };
   const int y = num(t.substr(0, 4)), m = num(t.substr(5, 2)), d = num(t.substr(8, 2));
   if (!valid_date(y, m, d)) return std::nullopt;
   return Date{y, m, d};
}

std::optional<PartialDate> parse_partial_date(std::string_view t)
{
   if (auto d = parse_date(t)) return PartialDate{*d, *d, std::string(t)};
   if (t.size() == 7 && t[4] == '-' && digits(t.substr(0, 4)) && digits(t.substr(5, 2))) {
      const int y = std::stoi(std::string(t.substr(0, 4))), m = std::stoi(std::string(t.substr(5, 2)));
      if (!valid_date(y, m, 1)) return std::nullopt;
      return PartialDate{Date{y, m, 1}, Date{y, m, days_in_month(y, m)}, std::string(t)};
   }
   if (t.size() == 4 && digits(t)) {
      const int y = std::stoi(std::string(t));
      if (!valid_date(y, 1, 1)) return std::nullopt;
      return PartialDate{Date{y, 1, 1}, Date{y, 12, 31}, std::string(t)};
   }
   return std::nullopt;
}

Date today()
{
   const auto now = std::chrono::system_clock::now();
   const long days = std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
   return Date::from_days(days);
}

int completed_years(const Date& birth, const Date& on)
{
   int years = on.year - birth.year;
   if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
   return years;
}

}  // namespace eligo
