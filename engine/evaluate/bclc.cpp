#include "engine/evaluate/bclc.hpp"

#include "engine/evaluate/tumour_stage.hpp"

#include <algorithm>
#include <vector>

namespace eligo {

int bclc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points)
{
   if (ecog >= 3 || child_pugh_points >= 10) return 4;        // D
   if (macrovascular || extrahepatic || ecog >= 1) return 3;  // C
   const q::Length cm = 0.01 * q::bu::si::meter;
   if (tumours == 1 && largest <= 2.0 * cm) return 0;                    // 0
   if (tumours == 1 || (tumours <= 3 && largest <= 3.0 * cm)) return 1;  // A
   return 2;                                                             // B
}

Derivation derive_bclc(const BclcInputs& in)
{
   static const StageTable bclc{bclc_stage, {1.5, 2.5, 4.0}, 0, 4, " (BCLC 2022)"};
   return derive_stage(in, bclc);
}

}  // namespace eligo
