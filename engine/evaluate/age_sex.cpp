// Age and sex criteria. A partial birth date widens the age to an interval, which decides a
// test only when both ends agree.
#include <string>

#include "engine/evaluate/age.hpp"
#include "engine/evaluate/evaluator_internal.hpp"

namespace eligo::evaluation {

Tri age_in(const Predicate& p, q::Duration youngest, q::Duration oldest)
{
   // Thresholds are in the age analyte's canonical unit (years); compare typed durations.
   const q::Duration low = q::typed<q::Duration>(p.threshold, p.analyte->canonical);
   const q::Duration high = q::typed<q::Duration>(p.high, p.analyte->canonical);
   auto years = [](q::Duration d) { return (d / q::julian_year).value(); };
   auto test = [&](q::Duration age) {
      if (p.test == Predicate::Test::range)
         return holds(years(age), p.low_open ? Comparator::gt : Comparator::ge, years(low), 1e-9) &&
                holds(years(age), p.high_open ? Comparator::lt : Comparator::le, years(high), 1e-9);
      return holds(years(age), p.op, years(low), 1e-9);
   };
   const bool lo = test(youngest), hi = test(oldest);
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
   auto years = [](q::Duration d) { return (d / q::julian_year).value(); };
   Outcome o;
   o.result = age_in(p, ag->first, ag->second);
   const int y1 = static_cast<int>(years(ag->first)), y2 = static_cast<int>(years(ag->second));
   const std::string shown = y1 == y2 ? std::to_string(y1) : std::to_string(y1) + "–" + std::to_string(y2);
   const Date on = alive_until(ctx_.patient, ctx_.date);
   const std::string how = "age " + shown + " years (born " + ctx_.patient.birth_date->text + ", " + (on < ctx_.date ? "at death on " : "on ") + on.str() + ")";
   if (p.test == Predicate::Test::range)
      o.why = how + " in " + fmt(p.written) + "–" + fmt(p.written_high) + " years: " + in_words(o.result);
   else
      o.why = how + " " + syntax::symbol(p.op) + " " + fmt(p.written) + " years: " + in_words(o.result);
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
