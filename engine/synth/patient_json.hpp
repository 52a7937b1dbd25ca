// Writing the generator's model as a native patient (internal to engine/synth/;
// docs/patient-format.md).
#pragma once

#include <string>

#include "engine/catalogue/catalogue.hpp"
#include "engine/core/date.hpp"
#include "engine/synth/model.hpp"

namespace eligo::synth {

// The patient `m` as eligo-patient/1 JSON, screened on `screening`: labs with their dates
// and own reference ranges, scores by label, findings, and complete history lists.
ojson patient_json(const Model& m, const std::string& id, const std::string& note, const Catalogue& cat, const Date& screening);

}  // namespace eligo::synth
