// Age and sex criteria. A partial birth date widens the age to an interval, which decides a
// test only when both ends agree.
#include <string>

#include "engine/evaluate/age.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

// Completed years on the screening date, except for a strict lower bound where it admits (Predicate::older_than): "over 18
// years", "age > 18" among inclusions is older than 18 years, which a patient is from the day after the 18th birthday, when
// the completed years on the day before are 18 (in completed years alone, "> 18" would wait for the 19th). "≤ 75 years" holds
// until the 76th birthday and "< 75" until the 75th, and "Age > 70" among exclusions from the 71st, as completed years say.
Tri age_in(const Predicate& p, const Date& earliest_birth, const Date& latest_birth, const Date& on)
{
   // Thresholds are in the age analyte's canonical unit (years); each bound counts whole years, months or days (age.hpp).
   const AgeCount low_count = age_count(p.threshold, p.written), high_count = age_count(p.high, p.written_high);
   const double low = age_bound(low_count, p.threshold), high = age_bound(high_count, p.high);
   const bool strict_low = p.older_than && (p.test == Predicate::Test::range ? p.low_open : p.op == Comparator::gt);
   auto test = [&](const Date& birth) {
      const double age = completed_age(low_count, birth, on);
      const bool lower = strict_low ? holds(completed_age(low_count, birth, on.add_days(-1)), Comparator::ge, low, 1e-9)
                                    : holds(age, p.test == Predicate::Test::range ? (p.low_open ? Comparator::gt : Comparator::ge) : p.op, low, 1e-9);
      if (p.test != Predicate::Test::range) return lower;
      return lower && holds(completed_age(high_count, birth, on), p.high_open ? Comparator::lt : Comparator::le, high, 1e-9);
   };
   const bool lo = test(latest_birth), hi = test(earliest_birth);
   return lo == hi ? (lo ? Tri::met : Tri::not_met) : Tri::unknown;
}

// The age interval (a partial birth date widens it), as typed durations. Never past death: a
// deceased patient's age is the age at death.
std::optional<std::pair<q::Duration, q::Duration>> Evaluator::age() const
{
   if (!ctx_.patient.birth_date) return std::nullopt;
   const Date on = alive_until(ctx_.patient, ctx_.date);
   return std::make_pair(age_on(ctx_.patient.birth_date->latest, on), age_on(ctx_.patient.birth_date->earliest, on));
}

Outcome Evaluator::age_test(const Predicate& p) const
{
   auto ag = age();
   if (!ag) return Outcome{Tri::unknown, "age: no birth date", {"birth date"}};
   Outcome o;
   const Date on = alive_until(ctx_.patient, ctx_.date);
   o.result = age_in(p, ctx_.patient.birth_date->earliest, ctx_.patient.birth_date->latest, on);
   // The age as finely as the bounds count it (age.hpp): "age 17 years 11 months (…) in 12 months–17 years".
   const AgeCount low_count = age_count(p.threshold, p.written), high_count = p.test == Predicate::Test::range ? age_count(p.high, p.written_high) : low_count;
   const AgeCount finest = std::max(low_count, high_count);
   auto bound = [](AgeCount c, double years) {
      const double n = age_bound(c, years);
      return fmt(n) + (c == AgeCount::years ? " year" : c == AgeCount::months ? " month" : c == AgeCount::weeks ? " week" : " day") + (n == 1 ? "" : "s");
   };
   const std::string y1 = age_words(finest, ctx_.patient.birth_date->latest, on), y2 = age_words(finest, ctx_.patient.birth_date->earliest, on);
   const std::string shown = y1 == y2 ? y1 : y1 + "–" + y2;
   const std::string how = "age " + shown + " (born " + ctx_.patient.birth_date->text + ", " + (on < ctx_.date ? "at death on " : "on ") + on.str() + ")";
   if (p.test == Predicate::Test::range) {
      // "in 18–75 years"; "in 6 months–17 years" where the ends count differently.
      std::string low = low_count == high_count ? fmt(age_bound(low_count, p.threshold)) : bound(low_count, p.threshold);
      o.why = how + " in " + low + (p.low_open ? " (exclusive)" : "") + "–" + bound(high_count, p.high) + (p.high_open ? " (exclusive)" : "") + ": " +
              in_words(o.result);
   }
   else
      o.why = how + " " + syntax::symbol(p.op) + " " + bound(low_count, p.threshold) +
              (p.older_than && p.op == Comparator::gt ? " (older than " + bound(low_count, p.threshold) +
                                                            (low_count == AgeCount::years ? ": from the day after the birthday)" : ": from the day after)")
                                                      : "") +
              ": " + in_words(o.result);
   if (o.result == Tri::unknown) o.missing.push_back("exact birth date");
   return o;
}

Outcome Evaluator::sex(const Predicate& p) const
{
   if (ctx_.patient.sex.empty()) return Outcome{Tri::unknown, "sex: not recorded", {"sex"}};
   const Tri r = ctx_.patient.sex == p.sex ? Tri::met : Tri::not_met;
   return Outcome{r, "sex " + ctx_.patient.sex + ", required " + p.sex + ": " + in_words(r), {}};
}

}  // namespace eligo::evaluation
