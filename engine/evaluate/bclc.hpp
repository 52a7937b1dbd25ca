// BCLC staging of hepatocellular carcinoma, written on typed quantities (quantity.hpp).
#pragma once

#include <optional>
#include <string>

#include "engine/core/quantity.hpp"
#include "engine/evaluate/derivation.hpp"

namespace eligo {

// BCLC stage (Reig et al., J Hepatol 2022;76:681-693), as an ordinal 0..4 = 0, A, B, C, D:
// - D: ECOG 3-4, or end-stage liver function (Child-Pugh C, 10-15 points);
// - C: macrovascular invasion or extrahepatic spread, or ECOG 1-2 (liver function preserved);
// - otherwise ECOG 0: 0 = single nodule ≤ 2 cm; A = single nodule, or 2-3 nodules all ≤ 3 cm;
//   B = multinodular beyond A.
// An unknown input is tried at every value it can take; the stage is the interval of results.
struct BclcInputs {
   std::optional<int> tumour_number;
   std::optional<q::Length> largest_tumour;
   std::optional<bool> macrovascular_invasion;
   std::optional<bool> extrahepatic_spread;
   std::optional<Interval> ecog;        // 0..5
   std::optional<Interval> child_pugh;  // points 5..15
   std::string child_pugh_how;          // "recorded A6" or "derived: ..."
};

int bclc_stage(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points);
Derivation derive_bclc(const BclcInputs& in);

}  // namespace eligo
