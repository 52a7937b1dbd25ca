// Child-Pugh points (Pugh 1973), written on typed quantities (quantity.hpp).
// A missing input widens the result to the interval it could still take.
#pragma once

#include <optional>

#include "engine/core/quantity.hpp"
#include "engine/evaluate/derivation.hpp"

namespace eligo {

// Child-Pugh, one item each. Bands per DOMAIN.md (CCJM/Harrison's):
// bilirubin <34.2 / 34.2–51.3 / >51.3 µmol/L (2 and 3 mg/dL with molar mass 584.66),
// albumin >35 / 28–35 / <28 g/L, INR <1.7 / 1.7–2.3 / >2.3.
int child_pugh_bilirubin_points(q::SubstanceConcentration bilirubin);
int child_pugh_albumin_points(q::MassConcentration albumin);
int child_pugh_inr_points(q::Ratio inr);

struct ChildPughInputs {
   std::optional<q::SubstanceConcentration> bilirubin;
   std::optional<q::MassConcentration> albumin;
   std::optional<q::Ratio> inr;
   std::optional<Interval> ascites_points;        // 1..3
   std::optional<Interval> encephalopathy_grade;  // West Haven 0..4
};

Derivation derive_child_pugh(const ChildPughInputs& in);
// The same interval without the words (the compiled path, engine/evaluate/compiled_trial.hpp); derive_child_pugh's value is this.
Interval child_pugh_interval(const ChildPughInputs& in);

}  // namespace eligo
