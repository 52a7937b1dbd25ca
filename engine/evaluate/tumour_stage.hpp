// Staging of hepatocellular carcinoma from tumour burden, performance status and liver function:
// the derivation that BCLC (bclc.hpp) and CNLC (cnlc.hpp) share. An unknown input is tried at every
// value it can take, by the boundaries the table draws; the stage is the interval of results, and
// the inputs missing are named when it is not one stage.
#pragma once

#include <vector>

#include "engine/evaluate/bclc.hpp"
#include "engine/evaluate/derivation.hpp"

namespace eligo {

struct StageTable {
   int (*stage)(int tumours, q::Length largest, bool macrovascular, bool extrahepatic, int ecog, int child_pugh_points);
   std::vector<double> size_probes_cm;  // sizes an unknown largest tumour is tried at, one per band of the table
   int lowest = 0;                      // the ordinals of the first and last stage
   int highest = 0;
   const char* definition = "";  // appended to the derivation: " (BCLC 2022)"
};

Derivation derive_stage(const BclcInputs& in, const StageTable& t);

}  // namespace eligo
