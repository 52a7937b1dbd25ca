// The reference conversions: UCUM's definitions, one factor per unit.
#include "engine/synth/reference_units.hpp"

#include <cctype>
#include <map>

namespace eligo::synth {

namespace {

// Reference conversions (UCUM's definitions, e.g. 1 mm[Hg] = 133.3220 Pa), kept apart from the engine's unit code so that the "boundary in
// another unit" cases test it: a wrong factor there shows as a difference here. Each unit
// is (quantity, factor to that quantity's base unit). Mass to substance goes through the
// analyte's molar mass (catalogue data).
struct RefUnit {
   char quantity;  // 'm' mass/vol (g/L), 's' substance/vol (mol/L), 'n' count/vol (per L), 'c' catalytic (U/L), 'l' length (m), 't' time (s),
                   // '1' ratio, 'i' IU/mL, 'f' flow (mL/min), 'e' eGFR, 'p' pressure (mmHg), 'w' weight (kg), 'd' per day (g/d), ...
   double factor;
};
std::optional<RefUnit> reference_unit(const std::string& code)
{
   static const std::map<std::string, RefUnit> table = {{"g/L", {'m', 1}},
                                                        {"g/dL", {'m', 10}},
                                                        {"mg/dL", {'m', 0.01}},
                                                        {"mg/L", {'m', 1e-3}},
                                                        {"ug/L", {'m', 1e-6}},
                                                        {"ng/mL", {'m', 1e-6}},
                                                        {"ug/mL", {'m', 1e-3}},
                                                        {"mol/L", {'s', 1}},
                                                        {"mmol/L", {'s', 1e-3}},
                                                        {"umol/L", {'s', 1e-6}},
                                                        {"meq/L", {'s', 1e-3}},
                                                        {"10*9/L", {'n', 1e9}},
                                                        {"10*12/L", {'n', 1e12}},
                                                        {"10*3/uL", {'n', 1e9}},
                                                        {"10*4/uL", {'n', 1e10}},
                                                        {"/uL", {'n', 1e6}},
                                                        {"/mm3", {'n', 1e6}},
                                                        {"10*3/mm3", {'n', 1e9}},
                                                        {"10*6/uL", {'n', 1e12}},
                                                        {"10*6/mm3", {'n', 1e12}},
                                                        {"U/L", {'c', 1}},
                                                        {"ukat/L", {'c', 60}},
                                                        {"cm", {'l', 1e-2}},
                                                        {"mm", {'l', 1e-3}},
                                                        {"m", {'l', 1}},
                                                        {"s", {'t', 1}},
                                                        {"ms", {'t', 1e-3}},
                                                        {"1", {'1', 1}},
                                                        {"{INR}", {'1', 1}},
                                                        {"{ratio}", {'1', 1}},
                                                        {"[IU]/mL", {'i', 1}},
                                                        {"k[IU]/L", {'i', 1}},
                                                        {"m[IU]/L", {'i', 1e-6}},
                                                        {"u[IU]/mL", {'i', 1e-6}},
                                                        {"{mAU}/mL", {'a', 1}},
                                                        {"mL/min", {'f', 1}},
                                                        {"mL/s", {'f', 60}},
                                                        {"mL/min/{1.73_m2}", {'e', 1}},
                                                        {"mL/s/{1.73_m2}", {'e', 60}},
                                                        {"mm[Hg]", {'p', 1}},
                                                        {"kPa", {'p', 1000 / 133.3220}},
                                                        {"kg", {'w', 1}},
                                                        {"g", {'w', 1e-3}},
                                                        {"[lb_av]", {'w', 0.45359237}},
                                                        {"[in_i]", {'l', 0.0254}},
                                                        {"g/(24.h)", {'d', 1}},
                                                        {"mg/(24.h)", {'d', 1e-3}},
                                                        {"g/d", {'d', 1}},
                                                        {"mg/d", {'d', 1e-3}},
                                                        {"%", {'%', 1}},
                                                        {"[IU]/L", {'i', 1e-3}},
                                                        {"10*6/L", {'n', 1e6}}};
   // Registry spellings keep their case ("mg/dl"): look up without it.
   auto lower = [](std::string x) {
      for (char& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return x;
   };
   static const std::map<std::string, RefUnit> by_lower = [&] {
      std::map<std::string, RefUnit> m;
      for (const auto& [k, v] : table) m.emplace(lower(k), v);
      return m;
   }();
   auto it = by_lower.find(lower(code));
   if (it == by_lower.end()) return std::nullopt;
   return it->second;
}

}  // namespace

std::optional<double> reference_convert(double v, const std::string& from, const std::string& to, std::optional<double> molar_mass)
{
   const auto f = reference_unit(from), t = reference_unit(to);
   if (!f || !t) return std::nullopt;
   if (f->quantity == t->quantity) return v * f->factor / t->factor;
   if (!molar_mass) return std::nullopt;
   if (f->quantity == 'm' && t->quantity == 's') return v * f->factor / *molar_mass / t->factor;
   if (f->quantity == 's' && t->quantity == 'm') return v * f->factor * *molar_mass / t->factor;
   return std::nullopt;
}

}  // namespace eligo::synth
