// ALBI grade (Johnson et al., J Clin Oncol 2015), written on typed quantities (quantity.hpp).
// A missing input widens the result to the interval it could still take.
#pragma once

#include <optional>

#include "engine/core/quantity.hpp"
#include "engine/evaluate/derivation.hpp"

namespace eligo {

// ALBI = 0.66 × log10(bilirubin µmol/L) − 0.085 × albumin g/L; grade 1 ≤ −2.60 < grade 2 ≤ −1.39 < grade 3.
double albi_score(q::SubstanceConcentration bilirubin, q::MassConcentration albumin);
int albi_grade(double score);
Derivation derive_albi(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin);
// derive_albi's value without the words (the compiled path, engine/evaluate/compiled_trial.hpp).
Interval albi_interval(std::optional<q::SubstanceConcentration> bilirubin, std::optional<q::MassConcentration> albumin);

}  // namespace eligo
