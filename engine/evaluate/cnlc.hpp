// CNLC stage (China Liver Cancer Staging), written on typed quantities (quantity.hpp).
#pragma once

#include "engine/core/quantity.hpp"
#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/derivation.hpp"

namespace eligo {

// CNLC stage (Guidelines for the Diagnosis and Treatment of Primary Liver Cancer, 2022 edition;
// Zhou J et al., Liver Cancer 2023;12:405-444), as an ordinal 1..7 = Ia, Ib, IIa, IIb, IIIa, IIIb, IV:
// - IV: ECOG PS 3-4, or Child-Pugh C (10-15 points), whatever the tumour;
// - otherwise (PS 0-2, Child-Pugh A or B): IIIb = extrahepatic spread, with or without vascular
//   invasion; IIIa = macrovascular invasion without extrahepatic spread;
// - without either: Ia = single tumour ≤ 5 cm; Ib = single > 5 cm, or 2-3 tumours all ≤ 3 cm;
//   IIa = 2-3 tumours, the largest > 3 cm; IIb = 4 or more tumours.
// The inputs are BCLC's (bclc.hpp); an unknown input is tried at every value it can take, and the
// stage is the interval of results.
int cnlc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points);
Derivation derive_cnlc(const BclcInputs& in);

}  // namespace eligo
