// Random draws and candidate values for the generator and the population.
#include "engine/synth/draws.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace eligo::synth {

double Draw::uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }

bool Draw::chance(double p) { return uniform() < p; }

int Draw::between(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }

double Draw::normal(double mean, double sd)
{
   const double u1 = 1.0 - uniform(), u2 = uniform();
   return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

double Draw::lognormal(double median, double sd_log) { return median * std::exp(normal(0, sd_log)); }

double round_sig(double v, int digits)
{
   if (v == 0 || !std::isfinite(v)) return v;
   char buf[64];
   std::snprintf(buf, sizeof buf, "%.*g", digits, v);
   return std::strtod(buf, nullptr);
}

std::vector<std::string> sex_candidates(const std::string& want)
{
   return want == "female" ? std::vector<std::string>{"female", "male"} : std::vector<std::string>{"male", "female"};
}

std::vector<Date> birth_candidates(const Date& screening, Draw& draw)
{
   static const int years[] = {60, 55, 65, 50, 70, 45, 40, 75, 35, 30, 80, 25, 85, 21, 90, 18, 95, 16, 12, 6, 1, 100};
   const int back = 30 + draw.between(0, 200);
   std::vector<Date> out;
   for (int y : years) out.push_back(screening.add_months(-12 * y).add_days(-back));
   return out;
}

std::vector<double> lab_candidates(const Analyte& a, const std::vector<Goal>& goals, const LabVal& current, Draw& draw)
{
   std::vector<double> c;
   const double j = draw.between(-10, 10) / 100.0;
   if (a.reference_range) {
      const double lo = a.reference_range->low, hi = a.reference_range->high;
      c.push_back((lo + hi) / 2 * (1 + j / 2));
      c.push_back(lo + (hi - lo) * 0.25);
      c.push_back(lo + (hi - lo) * 0.75);
   }
   for (const auto& g : goals) {
      std::vector<double> ts;
      const Predicate& p = *g.leaf;
      if (p.test == Predicate::Test::compare) ts = {p.threshold};
      if (p.test == Predicate::Test::range) ts = {p.threshold, p.high, (p.threshold + p.high) / 2};
      if (p.test == Predicate::Test::relative || p.test == Predicate::Test::within_normal)
         ts = {p.factor * (p.upper ? current.ref_high : current.ref_low), current.ref_high, current.ref_low};
      for (double t : ts)
         for (double f : {1.25, 0.8, 1.5, 0.5, 2.0, 0.25, 4.0, 10.0, 0.1}) c.push_back(t * f * (1 + j / 10));
   }
   c.push_back(1);
   c.push_back(0);
   for (double& v : c) v = a.id == "tumour_number" ? std::max(1.0, std::round(v)) : round_sig(std::max(0.0, v), 3);
   c.erase(std::remove_if(c.begin(), c.end(), [&](double v) { return !plausible(a, v); }), c.end());
   return c;
}

std::vector<int> score_candidates(const Score& s)
{
   std::vector<int> c;
   if (s.id == "karnofsky")
      for (int v = 100; v >= 0; v -= 10) c.push_back(v);
   for (int v = s.min; v <= s.max; ++v) c.push_back(v);
   return c;
}

std::vector<bool> finding_candidates() { return {false, true}; }

std::vector<FactState> fact_candidates() { return {FactState::absent, FactState::recent, FactState::long_ago}; }

}  // namespace eligo::synth
