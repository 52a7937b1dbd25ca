// Calendar dates (proleptic Gregorian), with validation: 2026-02-30 is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eligo {

// The furthest a date may lie from 1970-01-01, in days (about 2,700 years): date arithmetic checks it,
// so that no value read from a record can overflow it.
inline constexpr long max_day_offset = 1'000'000;

struct Date {
   int year = 1970;
   int month = 1;
   int day = 1;

   // Days since 1970-01-01.
   long days() const;
   // The day `days` after 1970-01-01; throws std::out_of_range beyond ±max_day_offset (no overflow).
   static Date from_days(long days);
   // Both throw std::out_of_range when the result would lie beyond ±max_day_offset days of 1970-01-01.
   Date add_months(int months) const;  // clamps to the month's last day
   Date add_days(long n) const;
   std::string str() const;
   friend auto operator<=>(const Date&, const Date&) = default;
};

// A date that may be partial: "1961", "1961-05", "1961-05-14". earliest and
// latest bound the day it can be (used to bound an age).
struct PartialDate {
   Date earliest;
   Date latest;
   std::string text;
   bool exact() const { return earliest == latest; }
};

bool valid_date(int y, int m, int d);
// Strict YYYY-MM-DD; a date-time "2026-10-01T08:00:00Z" is read as its date.
std::optional<Date> parse_date(std::string_view text);
std::optional<PartialDate> parse_partial_date(std::string_view text);
Date today();

// Completed years between birth and on (the usual age).
int completed_years(const Date& birth, const Date& on);

}  // namespace eligo
