#include "engine/evaluate/albi.hpp"

#include <cmath>
#include <string>

namespace eligo {

double albi_score(q::SubstanceConcentration bilirubin, q::MassConcentration albumin)
{
   const double bili_umol_l = (bilirubin / q::micromole_per_litre).value();
   const double alb_g_l = (albumin / q::gram_per_litre).value();
   return 0.66 * std::log10(bili_umol_l) - 0.085 * alb_g_l;
}

int albi_grade(double s) { return s <= -2.60 ? 1 : s <= -1.39 ? 2 : 3; }

Interval albi_interval(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin)
{
   if (!bilirubin || !albumin || (*bilirubin / q::micromole_per_litre).value() <= 0) return {1, 3};
   const int g = albi_grade(albi_score(*bilirubin, *albumin));
   return {g, g};
}

Derivation derive_albi(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin)
{
   Derivation d;
   if (!bilirubin) d.missing.push_back("total bilirubin");
   if (!albumin) d.missing.push_back("albumin");
   if (!d.missing.empty() || (*bilirubin / q::micromole_per_litre).value() <= 0) {
      d.value = {1, 3};
      d.how = "ALBI needs bilirubin and albumin";
      return d;
   }
   const double s = albi_score(*bilirubin, *albumin);
   const int g = albi_grade(s);
   d.value = {g, g};
   d.how = "ALBI = 0.66×log10(" + how_number((*bilirubin / q::micromole_per_litre).value()) + " µmol/L) − 0.085×" +
           how_number((*albumin / q::gram_per_litre).value()) + " g/L = " + how_number(s) + " → grade " + std::to_string(g);
   return d;
}

}  // namespace eligo
