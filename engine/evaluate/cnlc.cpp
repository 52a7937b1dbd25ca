#include "engine/evaluate/cnlc.hpp"

#include "engine/evaluate/tumour_stage.hpp"

#include <algorithm>
#include <vector>

namespace eligo {

int cnlc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points)
{
   if (ecog >= 3 || child_pugh_points >= 10) return 7;  // IV
   if (extrahepatic) return 6;                          // IIIb
   if (macrovascular) return 5;                         // IIIa
   if (tumours >= 4) return 4;                          // IIb
   const q::Length cm = 0.01 * q::bu::si::meter;
   if (tumours <= 1) return largest <= 5.0 * cm ? 1 : 2;  // Ia, Ib
   return largest <= 3.0 * cm ? 2 : 3;                    // Ib, IIa
}

Derivation derive_cnlc(const BclcInputs& in)
{
   static const StageTable cnlc{
       cnlc_stage,
       {2.0, 4.0, 6.0},
       1,
       7,
       " (CNLC 2022: IV = PS 3–4 or Child-Pugh C; else IIIb = extrahepatic spread, IIIa = macrovascular invasion; else Ia = single ≤ 5 cm, "
       "Ib = single > 5 cm or 2–3 ≤ 3 cm, IIa = 2–3 with the largest > 3 cm, IIb = ≥ 4)"};
   return derive_stage(in, cnlc);
}

}  // namespace eligo
