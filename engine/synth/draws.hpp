// Where the generator's values come from (internal to engine/synth/): a reproducible random
// stream, and the values each kind of variable may take, most realistic first.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/synth/model.hpp"

namespace eligo::synth {

// A reproducible stream: mt19937_64 is fully specified by the standard; the draws below
// use only its raw output (the library's distributions differ between implementations).
class Draw {
public:
   explicit Draw(std::uint64_t seed) : g_(seed) {}
   double uniform();  // [0, 1)
   bool chance(double p);
   int between(int lo, int hi);  // inclusive
   double normal(double mean, double sd);
   double lognormal(double median, double sd_log);
   template <class T>
   const T& pick(const std::vector<std::pair<double, T>>& weighted)
   {
      double u = uniform(), acc = 0;
      for (const auto& [w, v] : weighted) {
         acc += w;
         if (u < acc) return v;
      }
      return weighted.back().second;
   }

private:
   std::mt19937_64 g_;
};

// `v` rounded to `digits` significant digits, as printf's %g writes it.
double round_sig(double v, int digits);

// ---- the values a variable may take, most realistic first ----------------------

// The sex the goals want first (`want`: "female" puts female first).
std::vector<std::string> sex_candidates(const std::string& want);
// Birth dates for ages from 60 outwards, all on one drawn day of the year.
std::vector<Date> birth_candidates(const Date& screening, Draw& draw);
// Values of analyte `a`: inside its normal range, then on either side of every threshold the
// goals on it name (`current`: the lab as it stands, for its own reference range); only
// plausible values, rounded as a laboratory writes them.
std::vector<double> lab_candidates(const Analyte& a, const std::vector<Goal>& goals, const LabVal& current, Draw& draw);
// Every value of a score (Karnofsky's tens first).
std::vector<int> score_candidates(const Score& s);
// A finding: absent, then present.
std::vector<bool> finding_candidates();
// A history record: none, a recent one, one long ago.
std::vector<FactState> fact_candidates();

}  // namespace eligo::synth
